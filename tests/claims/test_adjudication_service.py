"""Submitting and adjudicating claims against the database, one at a time."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from openamo.claims.models import ClaimStatus, ClaimTransition, Statement
from openamo.claims.services import (
    LineInput,
    claim_adjudicate,
    claim_move,
    claim_submit,
    claims_reprocess,
)
from openamo.referentials.models import LetterKey, LetterKeyValue
from tests.claims.db_builders import (
    BRAND,
    GP,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)

DAY = date(2025, 3, 10)


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


def consultation(**kw):
    return LineInput(kind="act", code="C", care_date=DAY, executor_inpe=GP, **kw)


def test_a_submitted_claim_is_adjudicated_with_its_statement_and_history(family, admin_user):
    member, _ = family
    claim = claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=date(2025, 3, 20),
        lines=[
            consultation(),
            LineInput(
                kind="medicine", code=BRAND, care_date=DAY, executor_inpe=PHARMACY, quantity=D(2)
            ),
        ],
        user=admin_user,
    )
    assert claim.reference.startswith("DM2025") and claim.status == ClaimStatus.RECEIVED
    claim = claim_adjudicate(claim=claim, user=admin_user)
    statement = claim.statements.get()
    assert claim.status == ClaimStatus.ADJUDICATED
    assert (statement.outcome, statement.total_reimbursed, statement.total_copayment) == (
        "accepted",
        D("148.00"),
        D("52.00"),
    )
    assert [(x.quotation, x.base, x.rate, x.reimbursed) for x in statement.lines.all()] == [
        ("C 1", D("80.00"), D("80.000"), D("64.00")),
        ("2 boîte(s)", D("120.00"), D("70.000"), D("84.00")),
    ]
    assert statement.lines.all()[1].deductions[0]["code"] == "generic_base"
    steps = list(
        ClaimTransition.objects.filter(claim=claim).values_list("from_status", "to_status", "by")
    )
    assert steps == [("", "received", admin_user.pk), ("received", "adjudicated", admin_user.pk)]


def test_the_same_act_paid_once_is_a_duplicate_in_a_later_claim(family):
    member, _ = family
    first = claim_adjudicate(
        claim=claim_submit(
            beneficiary=member, channel="paper", deposit_date=DAY, lines=[consultation()]
        )
    )
    second = claim_adjudicate(
        claim=claim_submit(
            beneficiary=member, channel="paper", deposit_date=DAY, lines=[consultation()]
        )
    )
    assert first.statements.get().total_reimbursed == D("64.00")
    line = second.statements.get().lines.get()
    assert (line.rejection_code, line.reimbursed) == ("duplicate", D("0.00"))


def test_idempotency_key_returns_the_claim_already_made(family):
    member, _ = family
    args = dict(
        beneficiary=member,
        channel="electronic",
        deposit_date=DAY,
        lines=[consultation()],
        idempotency_key="k-1",
    )
    assert claim_submit(**args).pk == claim_submit(**args).pk


def test_bad_lines_are_refused_naming_each_field(family):
    member, _ = family
    with pytest.raises(ValidationError) as err:
        claim_submit(
            beneficiary=member,
            channel="paper",
            deposit_date=DAY,
            lines=[
                LineInput(
                    kind="act",
                    code="C",
                    care_date=date(2025, 4, 1),
                    executor_inpe="12",
                    quantity=D(0),
                )
            ],
        )
    assert set(err.value.message_dict) == {
        "lines.1.executor_inpe",
        "lines.1.care_date",
        "lines.1.quantity",
    }


def test_reprocessing_after_a_tariff_correction_keeps_the_first_statement(family, admin_user):
    member, _ = family
    claim = claim_adjudicate(
        claim=claim_submit(
            beneficiary=member, channel="paper", deposit_date=DAY, lines=[consultation()]
        )
    )
    value = LetterKeyValue.objects.get(letter_key=LetterKey.objects.get(code="C"))
    value.value = D("100")
    value.save()
    run = claims_reprocess(claim_ids=[claim.pk], user=admin_user, reason="correction du tarif C")
    versions = list(
        Statement.objects.filter(claim=claim)
        .order_by("version")
        .values_list("version", "total_reimbursed", "reason")
    )
    assert versions == [(1, D("64.00"), ""), (2, D("80.00"), "correction du tarif C")]
    assert run.claims == 1 and run.reimbursed == D("80.00")


def test_paid_claims_are_never_adjudicated_again(family, admin_user):
    member, _ = family
    claim = claim_adjudicate(
        claim=claim_submit(
            beneficiary=member, channel="paper", deposit_date=DAY, lines=[consultation()]
        )
    )
    claim.status = ClaimStatus.PAID
    claim.save()
    with pytest.raises(ValidationError):
        claim_adjudicate(claim=claim)
    with pytest.raises(ValidationError):
        claims_reprocess(claim_ids=[claim.pk], user=admin_user, reason="x")


def test_workflow_moves_need_a_reason_and_a_legal_step(family, admin_user):
    member, _ = family
    claim = claim_submit(
        beneficiary=member, channel="paper", deposit_date=DAY, lines=[consultation()]
    )
    with pytest.raises(ValidationError) as err:
        claim_move(claim=claim, to_status="medical_review", user=admin_user, reason=" ")
    assert "reason" in err.value.message_dict
    claim = claim_move(
        claim=claim, to_status="medical_review", user=admin_user, reason="contre-visite demandée"
    )
    assert claim.status == "medical_review"
    with pytest.raises(ValidationError):
        claim_move(claim=claim, to_status="paid", user=admin_user, reason="x")
