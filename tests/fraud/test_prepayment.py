"""Before payment: the rules hold a line for review (not paid, a reason the insured reads on
the statement page and PDF) from the rule's dated hold score, raise an alert only below it, and
give the same results in the batch and in the single-claim path."""

import ast
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from openamo.claims.models import Claim, ClaimStatus, StatementLine
from openamo.claims.services import LineInput, claim_adjudicate, claims_adjudicate_pending
from openamo.claims.statement_pdf import statement_context
from openamo.fraud.models import Alert
from openamo.referentials import models as ref
from tests.claims.db_builders import (
    BRAND,
    GP,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)
from tests.claims.ui_helpers import claim_make, consultation, medicine, user_with

pytestmark = pytest.mark.django_db
HELD = "Prestation suspendue pour contrôle avant paiement"
SRC = Path(__file__).resolve().parents[2] / "src" / "openamo"


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    ref.ControlParameter.objects.create(
        code="max_boxes_per_line", value=6, valid_from=date(2020, 1, 1)
    )
    return family_create(cnops)


def _hold_from(score):
    ref.ControlRuleSetting.objects.create(
        rule="quantity_beyond_duration", hold_from_score=score, valid_from=date(2020, 1, 1)
    )


def _ten_boxes(member):
    return claim_make(member, consultation(), medicine(quantity=D(10)))


def test_a_hit_at_the_hold_score_holds_the_line_and_tells_the_insured(
    family, client, django_user_model
):
    _hold_from(D("0.90"))
    member, _ = family
    claim = claim_adjudicate(claim=_ten_boxes(member))
    assert claim.status == ClaimStatus.MEDICAL_REVIEW
    statement = claim.statements.get()
    consult, boxes = statement.lines.order_by("number")
    assert consult.rejection_code == "" and consult.reimbursed == D("64.00")
    assert boxes.rejection_code == "held_for_control" and boxes.reimbursed == D("0.00")
    assert boxes.rejection_message.startswith(HELD + " : 10 boîtes délivrées")
    assert statement.total_reimbursed == D("64.00") and statement.outcome == "partly_accepted"
    (alert,) = Alert.objects.all()
    assert (alert.detector, alert.reason_code, alert.claim_id) == (
        "prepayment",
        "quantity_beyond_duration",
        claim.pk,
    )
    assert alert.evidence["held"] is True and alert.beneficiary_id == member.pk

    client.force_login(user_with(django_user_model, "agent", "view_claim"))
    html = client.get(reverse("portal:claims:statement", args=[claim.reference])).content
    assert HELD in html.decode().replace("&#x27;", "'")
    pdf_source = render_to_string(
        "claims/statement_pdf.html", statement_context(claim=claim, statement=statement)
    )
    assert HELD in pdf_source.replace("&#x27;", "'") and "64,00 DH" in pdf_source


def test_below_the_hold_score_the_line_is_paid_and_an_alert_raised(family):
    _hold_from(D("0.99"))  # the quantity rule scores under it
    member, _ = family
    claim = claim_adjudicate(claim=_ten_boxes(member))
    assert claim.status == ClaimStatus.ADJUDICATED
    assert not StatementLine.objects.filter(rejection_code="held_for_control").exists()
    (alert,) = Alert.objects.all()
    assert alert.evidence["held"] is False and alert.amount_at_stake > 0


def test_adjudicating_again_does_not_duplicate_the_alert(family):
    _hold_from(D("0.90"))
    member, _ = family
    claim = claim_adjudicate(claim=_ten_boxes(member))
    claim_adjudicate(claim=claim)  # still in review: adjudicated again
    assert Alert.objects.count() == 1 and claim.statements.count() == 2


def test_a_reviewer_decision_releases_the_held_line(family, django_user_model):
    from openamo.claims.services import line_review

    _hold_from(D("0.90"))
    member, _ = family
    claim = claim_adjudicate(claim=_ten_boxes(member))
    boxes = claim.lines.get(number=2)
    claim = line_review(
        claim_line=boxes,
        reviewer=django_user_model.objects.create_user("medecin"),
        decision="adjust_base",
        base=D("1000"),
        justification="traitement long justifié",
    )
    assert claim.status == ClaimStatus.ADJUDICATED
    line = claim.statements.get(version=2).lines.get(number=2)
    assert line.rejection_code == "" and line.reimbursed > 0


def test_history_counts_the_earlier_claims_the_same_in_batch_and_single(family):
    """A pharmacy dispensing the same prescription twice: the second claim is held, whether the
    claims are adjudicated one by one or in one batch."""
    ref.ControlRuleSetting.objects.create(
        rule="prescription_reuse", hold_from_score=D("0.5"), valid_from=date(2020, 1, 1)
    )
    other = ref.Provider.objects.get(inpe=PHARMACY)
    other.pk, other.inpe = None, "400000009"
    other.save()
    member, child = family

    def submit(who):
        return [
            claim_make(
                who,
                LineInput(kind="medicine", code=BRAND, care_date=date(2025, 3, 10),
                          executor_inpe=pharmacy, quantity=D(2), prescriber_inpe=GP,
                          prescription_date=date(2025, 3, 9)),
            )
            for pharmacy in (PHARMACY, "400000009")
        ]  # fmt: skip

    one, two = submit(member)
    claim_adjudicate(claim=one)
    claim_adjudicate(claim=two)
    single = _outcomes([one.pk, two.pk])
    three, four = submit(child)
    claims_adjudicate_pending(reason="lot", chunk=50)
    batch = _outcomes([three.pk, four.pk])
    assert single == batch
    assert [status for status, _ in batch] == [ClaimStatus.ADJUDICATED, ClaimStatus.MEDICAL_REVIEW]
    assert batch[1][1] == [("held_for_control", D("0.00"))]
    assert Alert.objects.filter(reason_code="prescription_reuse").count() == 2


def _outcomes(claim_ids):
    return [
        (
            Claim.objects.get(pk=pk).status,
            [
                (x.rejection_code, x.reimbursed)
                for x in StatementLine.objects.filter(statement__claim_id=pk).order_by("number")
            ],
        )
        for pk in claim_ids
    ]


def _imports(package: Path) -> set[str]:
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_layering_claims_does_not_import_fraud_and_fraud_not_synth():
    assert not any(m.startswith("openamo.fraud") for m in _imports(SRC / "claims"))
    assert not any(m.startswith("openamo.synth") for m in _imports(SRC / "fraud"))
