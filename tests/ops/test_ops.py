"""Operations: production settings pass `check --deploy`; JSON logs carry a request id echoed
in `X-Request-ID`; `/healthz` and `/readyz`; the personal-data export of one person (law 09-08)
and the retention policy."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import timezone

from openamo.audit.models import AccessLog
from openamo.claims.intake import claims_intake
from openamo.ops.observability import JsonFormatter, RequestIdFilter
from openamo.portal.models import LoginFailure
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = dict(
        os.environ,
        OPENAMO_HTTPS="1",
        OPENAMO_SECRET_KEY=secrets.token_urlsafe(60),
        OPENAMO_ALLOWED_HOSTS="amo.example.ma",
        OPENAMO_VAR_DIR=str(tmp_path),
    )
    # The browser tests set this in the worker's own environment; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "-m", "openamo.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    env.pop("OPENAMO_SECRET_KEY")  # production takes its secrets from the environment only
    done = subprocess.run(
        [sys.executable, "-m", "openamo.cli", "check"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "OPENAMO_SECRET_KEY" in done.stderr


@pytest.fixture
def json_log():
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("openamo.request")
    logger.addHandler(handler)
    yield out
    logger.removeHandler(handler)


def test_every_request_has_an_id_echoed_and_logged_as_json(client, db, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234-abcd")
    assert response["X-Request-ID"] == "proxy-1234-abcd"
    fresh = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert len(fresh["X-Request-ID"]) == 32 and fresh["X-Request-ID"] != "proxy-1234-abcd"
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert [(x["request_id"], x["path"], x["status"]) for x in lines] == [
        ("proxy-1234-abcd", "/healthz", 200),
        (fresh["X-Request-ID"], "/healthz", 200),
    ]
    assert lines[0]["level"] == "INFO" and lines[0]["duration_ms"] >= 0


def test_health_and_readiness(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": True}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["migrations"] is True
    assert "no-cache" in ready["Cache-Control"]
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        down = client.get("/healthz")
        assert down.status_code == 503 and down.json()["database"] is False
        assert client.get("/readyz").status_code == 503


@pytest.fixture
def two_families(cnops):
    tariffs_create()
    providers_create()
    mine, child = family_create(cnops)
    record = {
        "registration_number": mine.registration_number,
        "rank": 0,
        "deposit_date": "2025-03-20",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}],
    }
    assert claims_intake(content=json.dumps(record).encode()).registered == 1
    AccessLog.objects.create(
        created_at=timezone.now(),
        actor_label="agent",
        beneficiary=mine,
        what="eligibility",
        where="/prestataire/eligibilite/",
        source_ip="192.0.2.1",
    )
    from tests.contributions.helpers import member_make

    other = member_make(cnops, None, "ZZ999999")
    return mine, child, other


def test_personal_data_export_holds_everything_about_the_person_and_nothing_else(
    two_families, tmp_path
):
    mine, child, other = two_families
    out = tmp_path / "export.json"
    call_command("personal_data_export", mine.registration_number, output=str(out))
    export = json.loads(out.read_text())
    data = export["data"]
    assert [m["registration_number"] for m in data["members.member"]] == [mine.registration_number]
    assert {b["rank"] for b in data["members.beneficiary"]} == {0, child.rank}
    assert [c["status"] for c in data["claims.claim"]] == ["received"]
    assert [line["code"] for line in data["claims.claimline"]] == ["C"]
    assert data["audit.accesslog"][0]["where"] == "/prestataire/eligibilite/"
    assert data["members.rightsperiod"]
    assert other.cin not in out.read_text()
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_retention_dry_run_counts_then_apply_deletes_and_anonymises(db):
    now = timezone.now()
    old, recent = (LoginFailure.objects.create(username=n, address="192.0.2.1") for n in "ab")
    LoginFailure.objects.filter(pk=old.pk).update(at=now - timedelta(days=91))
    read = AccessLog.objects.create(
        created_at=now - timedelta(days=400),
        actor_label="x",
        what="eligibility",
        where="/",
        source_ip="192.0.2.7",
    )
    out = io.StringIO()
    call_command("retention_apply", "--dry-run", stdout=out)
    assert "échecs de connexion (plus de 90 jours) : 1 à supprimer" in out.getvalue()
    assert (
        "adresses IP du journal des lectures (plus de 365 jours) : 1 à anonymiser" in out.getvalue()
    )
    assert LoginFailure.objects.count() == 2
    call_command("retention_apply", stdout=io.StringIO())
    assert list(LoginFailure.objects.values_list("pk", flat=True)) == [recent.pk]
    read.refresh_from_db()
    assert read.source_ip is None and read.what == "eligibility"


def test_request_id_is_set_on_the_request():
    from openamo.ops.observability import RequestIdMiddleware

    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["id"] = request.id
        return HttpResponse()

    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="abcdefgh1"))
    assert seen["id"] == response["X-Request-ID"] == "abcdefgh1"
