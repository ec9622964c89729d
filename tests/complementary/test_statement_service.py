"""The complementary statement computed and stored from a base statement."""

from datetime import date
from decimal import Decimal as D

import pytest

from openamo.audit.models import AuditEntry
from openamo.claims.selectors import statement_get
from openamo.claims.services import claim_adjudicate
from openamo.complementary.models import ComplementaryStatement, Guarantee
from openamo.complementary.services import complementary_statement_compute
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


def _compute(claim):
    return complementary_statement_compute(statement=statement_get(claim=claim))


def test_base_80_and_complementary_20_sum_exactly_to_the_charged_amount(family):
    member, child = family
    enrol(mutuelle_cover(), member, child)
    amc = _compute(consultation_claim(member))
    line = amc.lines.get()
    assert (line.charged, line.base_reimbursed, line.complementary, line.remainder) == (
        D("80.00"),
        D("64.00"),
        D("16.00"),
        D("0.00"),
    )
    assert line.base_reimbursed + line.complementary + line.remainder == line.charged
    assert (amc.total_base, amc.total_complementary, amc.total_remainder) == (
        D("64.00"),
        D("16.00"),
        D("0.00"),
    )
    assert AuditEntry.objects.filter(object_id=str(amc.pk)).exists()


def test_family_ceiling_reached_mid_year_cuts_the_next_claim(family):
    member, child = family
    contract = mutuelle_cover(basis="percent_charged", rate=D("100"), family_year_ceiling=D("100"))
    enrol(contract, member, child)
    march = _compute(consultation_claim(member, day=date(2025, 3, 10), charged=D("150")))
    assert march.total_complementary == D("86.00")  # 150 − 64 paid by the base
    june = _compute(consultation_claim(child, day=date(2025, 6, 2), charged=D("150")))
    line = june.lines.get()
    assert line.complementary == D("14.00") and line.remainder == D("72.00")
    assert line.cuts[-1] == {
        "code": "family_ceiling",
        "message": "Plafond annuel par famille atteint",
        "amount": "72.00",
    }


def test_not_enrolled_gives_no_statement_and_waiting_period_pays_nothing(family):
    member, child = family
    assert _compute(consultation_claim(member)) is None
    contract = mutuelle_cover(waiting_days=90)
    enrol(contract, member, since=date(2025, 3, 1))
    amc = _compute(consultation_claim(member, day=date(2025, 3, 12)))
    line = amc.lines.get()
    assert line.complementary == D("0.00") and line.remainder == D("16.00")
    assert line.cuts[0]["code"] == "waiting_period"


def test_an_endorsement_changes_the_rate_from_its_date(family):
    member, _ = family
    contract = mutuelle_cover()
    endorsement = contract.endorsements.create(
        number=1, effective_on=date(2025, 5, 1), description="Taux porté à 25 %"
    )
    Guarantee.objects.create(
        contract=contract,
        endorsement=endorsement,
        care_category="consultation",
        basis="percent_charged",
        rate=D("25"),
        valid_from=date(2025, 5, 1),
    )
    first = contract.guarantees.get(care_category="consultation", valid_from=date(2020, 1, 1))
    assert first.valid_to == date(2025, 4, 30)
    enrol(contract, member)
    before = _compute(consultation_claim(member, day=date(2025, 4, 10), charged=D("100")))
    after = _compute(consultation_claim(member, day=date(2025, 5, 10), charged=D("100")))
    assert before.total_complementary == D("16.00")  # 20 % of the base 80
    assert after.total_complementary == D("25.00")  # 25 % of the 100 charged


def test_same_statement_twice_stores_once_and_a_new_adjudication_supersedes(family):
    member, _ = family
    enrol(mutuelle_cover(family_year_ceiling=D("20")), member)
    claim = consultation_claim(member)
    first = _compute(claim)
    assert _compute(claim).pk == first.pk
    claim.status = "received"
    claim.save(update_fields=["status"])
    claim_adjudicate(claim=claim, reason="retraitement")
    second = _compute(claim)
    assert second.pk != first.pk and second.total_complementary == D("16.00")
    first.refresh_from_db()
    assert first.superseded  # the earlier one no longer counts against the ceiling
    assert ComplementaryStatement.objects.filter(claim=claim, superseded=False).count() == 1
