"""A small complementary world: a mutuelle's insurer, its cover (20 % of the base on
consultations, 16 % on medicines), a family enrolled, adjudicated claims."""

from datetime import date
from decimal import Decimal as D

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.complementary.models import Contract, Enrolment, Guarantee, Insurer
from openamo.members.models import Mutuelle
from tests.claims.db_builders import GP

START = date(2020, 1, 1)


def mutuelle_cover(*, code="mgpap", **terms) -> Contract:
    mutuelle = Mutuelle.objects.create(code=code, name=f"Mutuelle {code.upper()}")
    insurer = Insurer.objects.create(
        code=code, name=mutuelle.name, kind="mutuelle", mutuelle=mutuelle
    )
    contract = Contract.objects.create(
        insurer=insurer,
        reference=f"AMC-{code.upper()}",
        kind="mutuelle",
        label="Couverture complémentaire mutualiste",
        starts_on=START,
    )
    values = {"basis": "percent_base", "rate": D("20")} | terms
    Guarantee.objects.create(
        contract=contract, care_category="consultation", valid_from=START, **values
    )
    Guarantee.objects.create(
        contract=contract,
        care_category="medicine",
        basis="percent_base",
        rate=D("16"),
        valid_from=START,
    )
    return contract


def enrol(contract, *beneficiaries, since=START):
    for b in beneficiaries:
        Enrolment.objects.create(contract=contract, beneficiary=b, valid_from=since)


def consultation_claim(beneficiary, *, day=date(2025, 3, 10), charged=None, code="C"):
    claim = claim_submit(
        beneficiary=beneficiary,
        channel="paper",
        deposit_date=day,
        lines=[LineInput(kind="act", code=code, care_date=day, executor_inpe=GP, charged=charged)],
    )
    return claim_adjudicate(claim=claim)
