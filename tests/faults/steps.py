"""What the fault driver runs in its own process: the payment steps (there is no command for
them) and the reports a test compares, read from the database the process was given."""

from django.db.models import Count, Max, Sum
from django.utils import timezone

from openamo.claims.models import AdjudicationRun, Claim, ClaimLine, Statement, StatementLine
from openamo.contributions.models import (
    ContributionCall,
    ContributionShare,
    Declaration,
    DeclarationLine,
)
from openamo.payments import services as payments
from openamo.payments.models import PaymentItem, PaymentOrder, PaymentRun
from openamo.referentials.models import LetterKey, LetterKeyValue

OFFICER = "ordonnateur"  # tests/payments/builders.py officer()


def _officer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=OFFICER)


def _run():
    return PaymentRun.objects.order_by("-pk").first()


def payment_prepare():
    run = payments.payment_run_prepare(kind="insured", cut_off=timezone.localdate(), by=_officer())
    return run.reference


def payment_issue():
    return payments.payment_run_issue(run=_run(), by=_officer()).status


def payment_settle():
    return payments.payment_run_settle_all(run=_run(), on=timezone.localdate(), by=_officer())


def _money(value) -> str:
    return f"{value or 0:.2f}"


def adjudication() -> dict:
    per_claim = Statement.objects.values("claim").annotate(n=Count("id"))
    return {
        "status": dict(Claim.objects.values_list("status").annotate(n=Count("id"))),
        "statements": Statement.objects.count(),
        "statements_per_claim": per_claim.aggregate(m=Max("n"))["m"] or 0,
        "statement_lines": StatementLine.objects.count(),
        "lines_without_statement": ClaimLine.objects.filter(claim__statements__isnull=True)
        .exclude(claim__status="received")
        .count(),
        "reimbursed": _money(Statement.objects.aggregate(s=Sum("total_reimbursed"))["s"]),
        "line_reimbursed": _money(StatementLine.objects.aggregate(s=Sum("reimbursed"))["s"]),
        "runs": [
            [r.claims, _money(r.reimbursed), r.finished_at is not None]
            for r in AdjudicationRun.objects.order_by("pk")
        ],
    }


def payment() -> dict:
    items = PaymentItem.objects.values("claim").annotate(n=Count("id"))
    return {
        "runs": [
            [r.status, r.order_count, r.item_count, _money(r.total), bool(r.bank_file)]
            for r in PaymentRun.objects.order_by("pk")
        ],
        "orders": sorted([o.status, _money(o.amount)] for o in PaymentOrder.objects.order_by("pk")),
        "items_per_claim": items.aggregate(m=Max("n"))["m"] or 0,
        "items": PaymentItem.objects.count(),
        "paid_items": _money(
            PaymentItem.objects.filter(order__status="paid").aggregate(s=Sum("amount"))["s"]
        ),
        "claims": dict(Claim.objects.values_list("status").annotate(n=Count("id"))),
    }


def declarations() -> dict:
    return {
        "declarations": [
            [d.period.isoformat(), _money(d.payroll_total), _money(d.contribution_total)]
            for d in Declaration.objects.order_by("pk")
        ],
        "lines": DeclarationLine.objects.count(),
        "shares": ContributionShare.objects.count(),
        "line_total": _money(DeclarationLine.objects.aggregate(s=Sum("contribution_total"))["s"]),
        "calls": [_money(c.amount_due) for c in ContributionCall.objects.order_by("pk")],
    }


def referential() -> dict:
    return {
        "keys": sorted(LetterKey.objects.values_list("code", flat=True)),
        "values": sorted(
            [v.letter_key.code, _money(v.value)]
            for v in LetterKeyValue.objects.select_related("letter_key")
        ),
    }
