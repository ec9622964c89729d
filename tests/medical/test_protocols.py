"""Therapeutic protocols: a claim line linked to an ALD and far from its protocol (a molecule
outside the ALD's ATC classes, a frequency above the protocol's) is held for the medical
control with the reason, the claim goes to medical review; lines within it are paid."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from openamo.claims.models import ClaimStatus
from openamo.claims.services import LineInput, claim_adjudicate
from openamo.medical.models import ProtocolDeviation, TherapeuticProtocol
from openamo.medical.protocols import Care, Expected, Protocols, deviation
from openamo.referentials import models as ref
from tests.claims.db_builders import BRAND, GP, PHARMACY, START
from tests.claims.ui_helpers import claim_make
from tests.medical.builders import fund_create

DAY = date(2025, 3, 10)
INSULIN = "6111000000038"


# ---- the pure core -------------------------------------------------------------------------

ROWS = [
    Expected("ALD9", "medicine", "A10", "Antidiabétiques", date(2005, 9, 1), None),
    Expected("ALD9", "act", "B", "Biologie", date(2005, 9, 1), None, D(6), 90),
]


def care(kind="medicine", code="x", atc="", day=DAY, quantity=D(1), condition="ALD9"):
    return Care(condition, kind, code, atc, day, quantity)


def test_a_molecule_outside_the_classes_is_a_deviation():
    protocols = Protocols(ROWS)
    assert deviation(care(atc="A10AB01"), protocols, []) is None
    assert deviation(care(atc="J01CA04"), protocols, []) == (
        "molécule hors protocole ALD9 (ATC J01CA04, classes prévues : A10)"
    )
    assert deviation(care(atc=""), protocols, []) is None  # unknown ATC: not judged
    assert deviation(care(atc="J01CA04", condition="ALD99"), protocols, []) is None


def test_a_frequency_counts_the_window_ending_on_the_care_date():
    protocols = Protocols(ROWS)
    past = [care("act", "B", day=DAY - timedelta(days=d)) for d in (10, 30, 60, 80, 89)]
    assert deviation(care("act", "B"), protocols, past) is None  # 6 in 90 days
    past.append(care("act", "B", day=DAY - timedelta(days=5)))
    assert deviation(care("act", "B"), protocols, past) == (
        "Biologie : 7 en 90 jours, le protocole ALD9 en prévoit 6"
    )
    old = [care("act", "B", day=DAY - timedelta(days=90))] * 10  # outside the window
    assert deviation(care("act", "B"), protocols, old) is None


def test_a_row_out_of_force_is_ignored():
    ended = [Expected("ALD9", "medicine", "A10", "x", date(2005, 9, 1), date(2020, 12, 31))]
    assert deviation(care(atc="J01CA04"), Protocols(ended), []) is None


# ---- on the adjudication path ----------------------------------------------------------------


@pytest.fixture
def member(cnops):
    beneficiary, _, _ = fund_create(cnops)
    ref.Medicine.objects.filter(ean13=BRAND).update(atc_code="J01CA04")
    insulin = ref.Medicine.objects.create(
        ean13=INSULIN, brand="Insuline", inn="insuline", form="stylo", atc_code="A10AB01"
    )
    ref.MedicinePrice.objects.create(medicine=insulin, ppv=D("150"), valid_from=START)
    biology = ref.LetterKey.objects.create(code="B", label="Biologie", care_category="biology")
    ref.LetterKeyValue.objects.create(letter_key=biology, value=D("1.10"), valid_from=START)
    return beneficiary


def medicine(ean, **kw):
    kw.setdefault("care_date", DAY)
    return LineInput(kind="medicine", code=ean, executor_inpe=PHARMACY, ald_code="ALD9", **kw)


def biology(day):
    return LineInput(
        kind="act", code="B", coefficient=D(40), care_date=day, executor_inpe=GP, ald_code="ALD9"
    )


def statement_lines(claim):
    return {line.number: line for line in claim.statements.order_by("-version")[0].lines.all()}


def test_the_sample_protocols_are_loaded(db):
    assert (
        TherapeuticProtocol.objects.filter(condition_code="ALD17", code="DIAL").get().period_days
        == 31
    )


def test_a_molecule_off_protocol_is_held_for_medical_review(member):
    claim = claim_adjudicate(claim=claim_make(member, medicine(INSULIN), medicine(BRAND)))
    assert claim.status == ClaimStatus.MEDICAL_REVIEW
    lines = statement_lines(claim)
    assert lines[1].reimbursed == D("105.00")  # insulin: in the protocol, paid (70 %)
    assert (lines[2].reimbursed, lines[2].rejection_code) == (D("0.00"), "held_for_control")
    assert "molécule hors protocole ALD9 (ATC J01CA04" in lines[2].rejection_message
    deviation_row = ProtocolDeviation.objects.get()
    assert (deviation_row.claim_line.number, deviation_row.condition_code) == (2, "ALD9")


def test_a_frequency_above_the_protocol_is_held_across_claims(member):
    first = claim_adjudicate(
        claim=claim_make(member, *[biology(DAY - timedelta(days=d)) for d in (1, 2, 3, 4, 5)])
    )
    assert first.status == ClaimStatus.ADJUDICATED
    second = claim_adjudicate(claim=claim_make(member, biology(DAY), biology(DAY + timedelta(1))))
    assert second.status == ClaimStatus.MEDICAL_REVIEW
    lines = statement_lines(second)
    assert lines[1].rejection_code == ""  # the 6th in 90 days
    assert lines[2].rejection_message.endswith(
        "Biologie (HbA1c et bilan) : 7 en 90 jours, le protocole ALD9 en prévoit 6"
    )


def _queries(settings, screen, beneficiary, *lines) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.OPENAMO_PREPAYMENT_SCREEN = screen
    claim = claim_make(beneficiary, *lines)
    with CaptureQueriesContext(connection) as queries:
        claim = claim_adjudicate(claim=claim)
    return len(queries), claim.status


def test_the_protocols_cost_no_query_without_ald_lines_and_three_with(member, settings):
    """The overhead on the single-claim path, in SQL statements (fraud rules alone vs. fraud
    rules and protocols): none for a claim without ALD line, three with one."""
    fraud, both = (
        "openamo.fraud.prepayment.screening_open",
        "openamo.medical.screening.screening_open",
    )
    plain = LineInput(kind="medicine", code=BRAND, care_date=DAY, executor_inpe=PHARMACY)
    later = LineInput(
        kind="medicine", code=BRAND, care_date=DAY + timedelta(1), executor_inpe=PHARMACY
    )
    warm = LineInput(kind="medicine", code=BRAND, care_date=DAY, executor_inpe=PHARMACY)
    _queries(settings, fraud, member, warm)  # the referential cache filled once (its own cost)
    alone, status = _queries(settings, fraud, member, plain)
    joined, status2 = _queries(settings, both, member, later)
    assert (joined - alone, status, status2) == (0, "adjudicated", "adjudicated")
    assert not ProtocolDeviation.objects.exists()
    alone, _ = _queries(settings, fraud, member, medicine(INSULIN, care_date=DAY + timedelta(2)))
    joined, _ = _queries(settings, both, member, medicine(INSULIN, care_date=DAY + timedelta(3)))
    assert joined - alone == 3  # protocols, ATC codes, the beneficiary's ALD history


def test_a_deviation_is_evidence_in_the_360_views_of_the_fraud_control(member, client):
    from django.urls import reverse

    from openamo.fraud.selectors_family import family_view
    from tests.fraud.builders import controller

    claim = claim_adjudicate(claim=claim_make(member, medicine(INSULIN), medicine(BRAND)))
    view = family_view(member_id=member.member_id)
    [found] = view.deviations
    assert (found.claim_line.claim, found.claim_line.number, found.condition_code) == (
        claim,
        2,
        "ALD9",
    )
    client.force_login(controller())
    html = client.get(reverse("portal:fraud:family", args=[member.member_id])).content.decode()
    assert "Écarts aux protocoles thérapeutiques" in html
    assert claim.reference in html and "molécule hors protocole ALD9 (ATC J01CA04" in html
    html = client.get(reverse("portal:fraud:provider", args=[PHARMACY])).content.decode()
    assert "Écarts aux protocoles thérapeutiques (1)" in html and claim.reference in html
