"""The single-claim path keeps the referentials in a per-process cache and never applies a stale
tariff: a tariff changed by another connection (another process on PostgreSQL) between two
adjudications is applied to the second."""

import os
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.referentials.cache import referential_cache_clear
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create

pytestmark = pytest.mark.django_db(transaction=True)

NEW_C = """
from datetime import date
from decimal import Decimal
from openamo.referentials.models import LetterKey, LetterKeyValue
LetterKeyValue.objects.create(
    letter_key=LetterKey.objects.get(code="C"), value=Decimal("100"), valid_from=date(2025, 1, 1)
)
"""


@pytest.fixture
def member(cnops):
    referential_cache_clear()
    tariffs_create()
    providers_create()
    yield family_create(cnops)[0]
    referential_cache_clear()


def _consultation(member, day: int):
    claim = claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=date(2025, 3, 20),
        lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, day), executor_inpe=GP)],
    )
    return claim_adjudicate(claim=claim).statements.get().total_reimbursed


def _reads_tariffs(queries) -> bool:
    return any("referentials_letterkeyvalue" in q["sql"] for q in queries)


def _in_another_connection(code: str) -> None:
    failures = []

    def run():
        try:
            exec(code, {})
        except Exception as exc:  # reported in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not failures


def test_the_cache_serves_the_second_claim_and_a_change_elsewhere_is_applied_at_once(member):
    assert _consultation(member, 1) == D("64.00")  # C = 80 DH at 80 %
    with CaptureQueriesContext(connection) as queries:
        assert _consultation(member, 2) == D("64.00")
    assert not _reads_tariffs(queries)  # served from the cache
    _in_another_connection(NEW_C)  # C = 100 DH from 2025-01-01, committed by another connection
    with CaptureQueriesContext(connection) as queries:
        assert _consultation(member, 3) == D("80.00")
    assert _reads_tariffs(queries)


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
    reason="another process needs a database it can open (PostgreSQL)",
)
def test_a_tariff_changed_by_another_process_is_applied_to_the_next_claim(member):
    assert _consultation(member, 1) == D("64.00")
    assert _consultation(member, 2) == D("64.00")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "openamo.config.settings",
    }
    script = "import django; django.setup()\n" + NEW_C
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    assert _consultation(member, 3) == D("80.00")
