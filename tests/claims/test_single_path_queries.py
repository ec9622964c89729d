"""SQL statements of the single-claim path, counted (deterministic, unlike timings): submit a
file of 4 lines, adjudicate it, its statement stored. The referentials come from the
per-process cache, so the count does not grow with their size."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.referentials import models as ref
from openamo.referentials.cache import referential_cache_clear
from tests.claims.db_builders import (
    BRAND,
    CLINIC,
    GENERIC,
    GP,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)

pytestmark = pytest.mark.django_db

CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
# Django's log misses PostgreSQL's COPY (statement, its lines, transitions, audit entries and
# the insured's message in the outbox: 5 more there, 29 in all); SQLite inserts the message. Before the
# referential cache: 36 by the count, a dozen of them loading every tariff, price and
# provider.
STATEMENTS_PER_FILE = {"postgresql": 24, "sqlite": 28}


@pytest.fixture
def member(cnops):
    referential_cache_clear()
    tariffs_create()
    providers_create()
    yield family_create(cnops)[0]
    referential_cache_clear()


def _file(member, day: int) -> list[str]:
    care = date(2025, 3, day)
    lines = [
        LineInput(kind="act", code="C", care_date=care, executor_inpe=GP),
        LineInput(kind="medicine", code=BRAND, care_date=care, executor_inpe=PHARMACY),
        LineInput(kind="medicine", code=GENERIC, care_date=care, executor_inpe=PHARMACY),
        LineInput(kind="act", code="K", care_date=care, executor_inpe=CLINIC),
    ]
    with CaptureQueriesContext(connection) as queries:
        claim = claim_submit(
            beneficiary=member, channel="paper", deposit_date=date(2025, 3, 20), lines=lines
        )
        claim_adjudicate(claim=claim)
    assert claim.statements.get().lines.count() == 4
    return [q["sql"] for q in queries if not q["sql"].upper().startswith(CONTROL)]


def test_one_file_costs_a_fixed_number_of_statements_whatever_the_referential_size(member):
    _file(member, 1)  # warms the cache
    assert len(_file(member, 2)) == STATEMENTS_PER_FILE[connection.vendor]
    city = ref.City.objects.get()
    ref.Provider.objects.bulk_create(
        ref.Provider(inpe=f"{300000000 + i}", name=f"P{i}", kind="gp", sector="private", city=city)
        for i in range(300)
    )
    _file(member, 3)  # the referential changed: loaded again once
    assert len(_file(member, 4)) == STATEMENTS_PER_FILE[connection.vendor]
