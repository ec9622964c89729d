"""The batch path gives what the single-claim path gives (claims taken in date order), and
runs once: a second batch finds nothing pending."""

from datetime import date
from decimal import Decimal as D

import pytest

from openamo.claims.selectors import statement_get
from openamo.complementary.batch import complementary_batch, pending_statements
from openamo.complementary.models import ComplementaryLine, ComplementaryStatement
from openamo.complementary.services import complementary_statement_compute
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover

pytestmark = pytest.mark.django_db


def _lines():
    return sorted(
        ComplementaryLine.objects.values_list(
            "base_line_id", "complementary", "remainder", "computed", "cuts"
        )
    )


def test_batch_equals_the_single_path_and_runs_once(cnops):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    contract = mutuelle_cover(basis="percent_charged", rate=D("100"), family_year_ceiling=D("150"))
    enrol(contract, member, child)
    claims = [
        consultation_claim(member, day=date(2025, 2, 3), charged=D("120")),
        consultation_claim(child, day=date(2025, 4, 7), charged=D("150")),
        consultation_claim(member, day=date(2025, 9, 1), charged=D("90")),
        consultation_claim(child, day=date(2026, 1, 5), charged=D("100")),
    ]
    assert len(pending_statements()) == 4
    done = complementary_batch()
    assert (done.statements, done.lines) == (4, 4)
    assert done.complementary == D("56.00") + D("86.00") + D("8.00") + D("36.00")
    assert complementary_batch().statements == 0
    batch = _lines()
    ComplementaryStatement.objects.all().delete()
    for claim in claims:  # already in date order
        complementary_statement_compute(statement=statement_get(claim=claim))
    assert _lines() == batch
