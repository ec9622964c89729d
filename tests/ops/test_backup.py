"""The documented PostgreSQL backup (scripts/backup.sh: pg_dump, custom format) restores with
pg_restore into an empty database with every row: a round trip on real committed data.
Skipped on SQLite (its backup is a file copy, docs/operations.md)."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from openamo.claims.intake import claims_intake
from openamo.claims.models import Claim, ClaimLine
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.factories import scheme_create

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = "/usr/lib/postgresql/15/bin"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=PG_BIN)
    if not found:
        pytest.skip(f"{name} introuvable")
    return found


def _url(settings: dict, name: str) -> str:
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_pg_dump_then_pg_restore_gives_back_every_row(tmp_path):
    _tool("pg_dump"), _tool("pg_restore")
    cnops = scheme_create("cnops")
    tariffs_create()
    providers_create()
    member, _ = family_create(cnops)
    record = (
        '{"registration_number": "%s", "rank": 0, "deposit_date": "2025-03-20", "lines": '
        '[{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": "%s"}]}'
    )
    assert claims_intake(content=(record % (member.registration_number, GP)).encode()).registered
    counts = {
        t: m.objects.count() for t, m in [("claims_claim", Claim), ("claims_claimline", ClaimLine)]
    }
    settings = connection.settings_dict
    source = _url(settings, settings["NAME"])
    env = dict(os.environ, DATABASE_URL=source, PATH=f"{os.environ['PATH']}:{PG_BIN}")
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "backup.sh"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    archive = Path(done.stdout.strip().splitlines()[-1])
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    target = f"{settings['NAME']}_restore"
    with psycopg.connect(_url(settings, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        restored = subprocess.run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "-d",
                _url(settings, target),
                str(archive),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(_url(settings, target)) as copy:
            for table, count in counts.items():
                assert copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
            code = copy.execute("SELECT code FROM claims_claimline").fetchone()[0]
            assert code == "C" and counts["claims_claim"] == 1
    finally:
        with psycopg.connect(_url(settings, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
