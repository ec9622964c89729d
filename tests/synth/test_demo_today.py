"""The demo fund on a normal morning of its last day, on a small generated fund: files still in
the works, statements dated through the year, the year's payment runs settled (a few transfers
rejected) and this morning's run prepared, contributions paid but for a few late employers."""

from datetime import timedelta

import pytest

from openamo.claims.models import Claim, ClaimStatus, Statement
from openamo.claims.services import claims_adjudicate_pending
from openamo.contributions.models import ContributionCall, ReceiptAllocation
from openamo.payments.models import OrderStatus, PaymentRun, RunStatus
from openamo.synth import today as living
from openamo.synth.accounts import demo_accounts_reset
from openamo.synth.payments import demo_payments
from openamo.synth.services import fund_generate
from openamo.synth.span import Span
from tests.clock import FIXED_DAY as TODAY
from tests.synth.conftest import sample_referentials_load

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_fund_lives_on_its_last_day(frozen_day):
    sample_referentials_load()
    fund_generate(beneficiaries=600, seed=3, until=TODAY)
    assert not Claim.objects.filter(deposit_date__gt=TODAY).exists()
    assert Claim.objects.filter(deposit_date=TODAY - timedelta(days=1)).exists()

    mail = living.claims_set_aside(today=TODAY, seed=3)
    run = claims_adjudicate_pending(source="test")
    living.claims_put_back(mail)
    living.statements_backdate(run_id=run.pk, today=TODAY)
    received = Claim.objects.filter(status=ClaimStatus.RECEIVED)
    assert received.count() == len(mail) > 0
    assert received.filter(deposit_date__lte=TODAY - timedelta(days=3)).count() == 0
    in_progress = set(
        Claim.objects.exclude(status__in=["received", "adjudicated"]).values_list(
            "status", flat=True
        )
    )
    assert in_progress == {"in_adjudication", "waiting_documents", "medical_review"}
    taken = Claim.objects.filter(status=ClaimStatus.IN_ADJUDICATION)
    assert {c.assigned_to.username for c in taken} == {living.PROCESSOR}
    days = {s.adjudicated_at.date() for s in Statement.objects.only("adjudicated_at")}
    assert min(days) < TODAY - timedelta(days=300) and max(days) <= TODAY

    assert living.contributions_settle(today=TODAY, seed=3) > 0
    due = ContributionCall.objects.filter(due_on__lte=TODAY)
    paid = {a.call_id for a in ReceiptAllocation.objects.all()}
    unpaid = [c for c in due if c.pk not in paid]
    assert 0 < len(unpaid) < 0.1 * due.count()
    late = {c.employer.administration_code for c in unpaid}
    assert late <= set(living.LATE_EMPLOYERS)
    assert living.contributions_settle(today=TODAY, seed=3) == 0  # a second run adds nothing

    runs = demo_payments(today=TODAY, since=Span.until(TODAY).start)
    closed = [r for r in runs if r.status == RunStatus.CLOSED]
    assert len(closed) > 12 and {r.kind for r in closed} == {"insured", "provider"}
    assert runs[-1].status == RunStatus.PREPARED and runs[-1].cut_off == TODAY - timedelta(1)
    last_week = [r for r in closed if TODAY - timedelta(days=9) <= r.cut_off < TODAY]
    assert last_week and all(r.issued_at.date() < TODAY for r in last_week)
    orders = [o for r in closed for o in r.orders.all()]
    rejected = sum(o.status == OrderStatus.REJECTED for o in orders)
    assert 0 < rejected < 0.06 * len(orders)
    assert demo_payments(today=TODAY, since=TODAY) == []
    assert PaymentRun.objects.count() == len(runs)

    from openamo.complaints.demo import PLAN, complaints_demo
    from openamo.complaints.models import Complaint

    assert complaints_demo(today=TODAY, seed=3) == len(PLAN)
    assert Complaint.objects.filter(escalated_at__isnull=False).count() == 1
    assert Complaint.objects.filter(channel="portal", filed_by__username="assure").count() == 3

    accounts = {login: label for label, login, _ in demo_accounts_reset()}
    assert accounts["employeur"].startswith("Employeur (")
    assert accounts["liquidateur"] == "Liquidateur"
    assert accounts["reclamations"] == "Agent des réclamations"
    assert Complaint.objects.filter(member__portal_accesses__user__username="assure").count() == 3
    assert not any("(claim" in x or "officer" in x or "reviewer" in x for x in accounts.values())
