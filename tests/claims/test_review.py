"""A medical reviewer lowers a line's base or rejects a line, with a justification: the claim
is adjudicated again (a new statement version), the same way on the single and batch paths."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from openamo.claims import engine
from openamo.claims.models import ClaimStatus, LineReview, Statement
from openamo.claims.reasons import Reason
from openamo.claims.services import claim_adjudicate, claims_reprocess, line_review
from tests.claims.builders import GP as ENGINE_GP
from tests.claims.builders import claim, context, line
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import claim_make, consultation, medicine, user_with


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


@pytest.fixture
def reviewer(django_user_model):
    return user_with(django_user_model, "dr.controle", "view_claim", "add_linereview")


def latest(claim) -> Statement:
    return claim.statements.order_by("-version").first()


def test_a_lowered_base_is_a_reviewer_deduction_and_a_new_statement_version(family, reviewer):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member))
    assert latest(claim).total_reimbursed == D("148.00")
    line1 = claim.lines.get(number=1)

    claim = line_review(
        claim_line=line1,
        reviewer=reviewer,
        decision="adjust_base",
        base=D("50"),
        justification="consultation de contrôle, pas de nouvel examen",
    )

    statement = latest(claim)
    assert (claim.status, statement.version, statement.adjudicated_by) == (
        ClaimStatus.ADJUDICATED,
        2,
        reviewer,
    )
    first = statement.lines.get(number=1)
    assert (first.base, first.rate, first.reimbursed, first.copayment) == (
        D("50.00"),
        D("80.000"),
        D("40.00"),
        D("10.00"),
    )
    assert first.beyond_base == D("30.00")  # 80 charged (at the tariff) − 50 retained
    assert first.deductions == [
        {
            "code": "reviewer_adjustment",
            "amount": "30.00",
            "message": "Ajustement du médecin contrôleur : base ramenée à 50,00 DH "
            "(consultation de contrôle, pas de nouvel examen)",
        }
    ]
    assert statement.total_reimbursed == D("124.00")  # 40 + 84
    assert claim.statements.get(version=1).total_reimbursed == D("148.00")  # kept
    transition = claim.transitions.order_by("-at", "-id").first()
    assert (transition.by, transition.to_status) == (reviewer, "adjudicated")
    assert transition.reason == (
        "contrôle médical, ligne 1 : consultation de contrôle, pas de nouvel examen"
    )


def test_a_rejected_line_is_rejected_with_the_justification(family, reviewer):
    member, _ = family
    claim = claim_make(member)
    claim = line_review(
        claim_line=claim.lines.get(number=2),
        reviewer=reviewer,
        decision="reject",
        justification="traitement sans rapport avec l'affection",
    )
    statement = latest(claim)
    second = statement.lines.get(number=2)
    assert (statement.version, statement.outcome) == (1, "partly_accepted")
    assert (second.rejection_code, second.reimbursed, second.beyond_base) == (
        "reviewer_adjustment",
        D("0.00"),
        D("200.00"),
    )
    assert "traitement sans rapport" in second.rejection_message
    assert statement.total_reimbursed == D("64.00")


def test_a_reviewer_cannot_raise_a_base_above_the_tariff(family, reviewer):
    member, _ = family
    claim = line_review(
        claim_line=claim_make(member, consultation()).lines.get(),
        reviewer=reviewer,
        decision="adjust_base",
        base=D("120"),
        justification="essai",
    )
    first = latest(claim).lines.get()
    assert (first.base, first.reimbursed, first.deductions) == (D("80.00"), D("64.00"), [])


def test_the_latest_review_wins_and_reprocessing_keeps_applying_it(family, reviewer, admin_user):
    member, _ = family
    claim = claim_make(member, consultation())
    line1 = claim.lines.get()
    line_review(
        claim_line=line1, reviewer=reviewer, decision="reject", justification="premier avis"
    )
    line_review(
        claim_line=line1,
        reviewer=reviewer,
        decision="adjust_base",
        base=D("60"),
        justification="avis révisé",
    )
    assert latest(claim).lines.get().reimbursed == D("48.00")
    run = claims_reprocess(claim_ids=[claim.pk], user=admin_user, reason="correction")
    assert run.claims == 1
    statement = latest(claim)
    assert (statement.version, statement.lines.get().reimbursed) == (3, D("48.00"))
    assert LineReview.objects.filter(claim_line=line1).count() == 2


def test_review_input_is_checked_and_paid_claims_are_closed(family, reviewer):
    member, _ = family
    claim = claim_make(member, consultation())
    line1 = claim.lines.get()
    with pytest.raises(ValidationError) as error:
        line_review(claim_line=line1, reviewer=reviewer, decision="adjust_base", justification=" ")
    assert set(error.value.message_dict) == {"justification", "base"}
    claim.status = ClaimStatus.PAID
    claim.save()
    with pytest.raises(ValidationError) as error:
        line_review(claim_line=line1, reviewer=reviewer, decision="reject", justification="x")
    assert "status" in error.value.message_dict
    assert not LineReview.objects.exists()


def test_the_engine_applies_a_review_only_to_a_line_that_passed_its_checks():
    day = date(2025, 3, 10)
    reviewed = engine.Review("avis", base=D("10"))
    result = engine.adjudicate(
        claim(
            line("act", "C", day, ENGINE_GP, number=1, review=reviewed),
            line("act", "C", day, "999999999", number=2, review=reviewed),
        ),
        context(),
    )
    first, second = result.lines
    assert (first.base, first.deductions[-1].code) == (D("10.00"), Reason.REVIEWER_ADJUSTMENT)
    assert second.rejection.code == Reason.UNKNOWN_PROVIDER  # the rule's reason stays


def test_medicine_review_keeps_the_generic_deduction(family, reviewer):
    member, _ = family
    claim = line_review(
        claim_line=claim_make(member, medicine()).lines.get(),
        reviewer=reviewer,
        decision="adjust_base",
        base=D("60"),
        justification="une boîte suffit",
    )
    only = latest(claim).lines.get()
    assert [d["code"] for d in only.deductions] == ["generic_base", "reviewer_adjustment"]
    assert (only.base, only.reimbursed) == (D("60.00"), D("42.00"))
