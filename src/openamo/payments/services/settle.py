"""The bank's answer, order by order: paid (claims and invoices become paid) or rejected (they
become payable again, e.g. after a RIB change). Set-wise: a run of thousands of orders settles
in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openamo.audit.models import AuditAction
from openamo.audit.services import (
    Change,
    audit_change,
    audit_write_many,
    change_of,
    snapshot,
    status_changes,
)
from openamo.authorizations.models import Invoice, InvoiceStatus
from openamo.claims.models import Claim, ClaimStatus, ClaimTransition
from openamo.notifications import events

from ..models import (
    OrderStatus,
    PaymentItem,
    PaymentOrder,
    PaymentRun,
    Receivable,
    ReceivableOffset,
    RunStatus,
)

FIELDS = ["status", "rejection_reason", "bank_reference", "settled_on", "settled_by"]


@dataclass(frozen=True)
class Answer:
    paid: bool
    reason: str = ""
    bank_reference: str = ""


def check_date(on: date, run: PaymentRun) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": "la date de dénouement ne peut pas être dans le futur"})
    if run.issued_at and on < timezone.localtime(run.issued_at).date():
        raise ValidationError({"on": "la date de dénouement précède l'émission du lot"})


def answer_problem(order: PaymentOrder, answer: Answer) -> dict[str, str]:
    if order.status != OrderStatus.SENT:
        return {
            "status": f"ordre {order.reference} : {order.get_status_display().lower()}, "
            "seul un ordre envoyé à la banque se dénoue"
        }
    if not answer.paid and not answer.reason.strip():
        return {"reason": "le motif du rejet est obligatoire"}
    return {}


def _chunked(model, ids: list[int], *fields) -> list:
    """The rows of these ids, 2,000 at a time (SQLite caps the parameters of a statement)."""
    rows = []
    for start in range(0, len(ids), 2000):
        rows += model.objects.filter(id__any=ids[start : start + 2000]).only(*fields)
    return rows


def _pay(orders: list[PaymentOrder], *, on: date, by) -> list:
    """Claims and invoices of the paid orders become paid; their audit changes."""
    refs = {o.pk: o.reference for o in orders}
    items = list(
        PaymentItem.objects.filter(order_id__any=list(refs)).values_list(
            "order_id", "claim_id", "invoice_id"
        )
    )
    claim_order = {claim: order for order, claim, _ in items if claim}
    invoice_ids = [invoice for _, _, invoice in items if invoice]
    if claim_order:
        moved = list(
            Claim.objects.select_for_update()
            .filter(id__any=list(claim_order), status=ClaimStatus.ADJUDICATED)
            .values_list("id", flat=True)
        )
        now = timezone.now()
        ClaimTransition.objects.bulk_create(
            (
                ClaimTransition(
                    claim_id=pk,
                    from_status=ClaimStatus.ADJUDICATED,
                    to_status=ClaimStatus.PAID,
                    at=now,
                    by=by,
                    reason=f"payé par l'ordre {refs[claim_order[pk]]} le {on:%d/%m/%Y}",
                )
                for pk in moved
            ),
            batch_size=2000,
        )
        for start in range(0, len(moved), 2000):
            Claim.objects.filter(id__in=moved[start : start + 2000]).update(status=ClaimStatus.PAID)
    changes = status_changes(
        _chunked(Claim, moved if claim_order else [], "id", "reference"),
        ClaimStatus.ADJUDICATED.value,
        ClaimStatus.PAID.value,
    )
    paid = _chunked(Invoice, invoice_ids, "id", "reference", "number", "status")
    changes += [
        Change(
            i,
            AuditAction.TRANSITION,
            {"status": [i.status, InvoiceStatus.PAID.value], "paid_on": [None, on]},
        )
        for i in paid
    ]
    for start in range(0, len(invoice_ids), 2000):
        Invoice.objects.filter(id__in=invoice_ids[start : start + 2000]).update(
            status=InvoiceStatus.PAID, paid_on=on
        )
    return changes


def _offsets_reverse(order_ids: list[int]) -> None:
    """A rejected order pays nothing: what it kept back is owed again."""
    if not order_ids:
        return
    kept = list(
        ReceivableOffset.objects.select_for_update().filter(order_id__in=order_ids, reversed=False)
    )
    for offset in kept:
        Receivable.objects.filter(pk=offset.receivable_id).update(
            remaining=F("remaining") + offset.amount
        )
    ReceivableOffset.objects.filter(pk__in=[o.pk for o in kept]).update(reversed=True)


def settle(orders: list[PaymentOrder], answers: dict[int, Answer], *, on: date, by) -> None:
    """Apply the bank's answers (by order id); the caller checked them with answer_problem."""
    paid = [o for o in orders if answers[o.pk].paid]
    rejected = [o.pk for o in orders if not answers[o.pk].paid]
    changes = _pay(paid, on=on, by=by)
    for start in range(0, len(rejected), 2000):
        PaymentItem.objects.filter(order_id__in=rejected[start : start + 2000]).update(active=False)
    _offsets_reverse(rejected)
    for order in orders:
        before = snapshot(order, FIELDS)
        answer = answers[order.pk]
        order.status = OrderStatus.PAID if answer.paid else OrderStatus.REJECTED
        order.rejection_reason = "" if answer.paid else answer.reason.strip()[:300]
        order.bank_reference = answer.bank_reference.strip()[:60]
        order.settled_on, order.settled_by = on, by
        changes.append(change_of(order, before))
    PaymentOrder.objects.bulk_update(orders, FIELDS, batch_size=1000)
    audit_write_many(user=by, changes=changes)
    events.payments_rejected(o for o in orders if o.status == OrderStatus.REJECTED)


def run_close_if_done(run: PaymentRun) -> None:
    if (
        run.status == RunStatus.ISSUED
        and not run.orders.filter(status__in=[OrderStatus.ORDERED, OrderStatus.SENT]).exists()
    ):
        before = snapshot(run, ["status", "closed_at"])
        run.status, run.closed_at = RunStatus.CLOSED, timezone.now()
        run.save(update_fields=["status", "closed_at"])
        audit_change(run, before, label="clôture automatique du lot")


@transaction.atomic
def payment_order_settle(
    *, order: PaymentOrder, paid: bool, reason: str = "", on: date, by, bank_reference: str = ""
) -> PaymentOrder:
    order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
    run = PaymentRun.objects.select_for_update().get(pk=order.run_id)
    check_date(on, run)
    answer = Answer(paid, reason or "", bank_reference or "")
    if problem := answer_problem(order, answer):
        raise ValidationError(problem)
    settle([order], {order.pk: answer}, on=on, by=by)
    run_close_if_done(run)
    return order


@transaction.atomic
def payment_run_settle_all(*, run: PaymentRun, on: date, by) -> int:
    """Every order still at the bank is paid (the bank confirmed the whole file)."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.ISSUED:
        raise ValidationError({"status": "seul un lot émis, non clôturé, peut être dénoué"})
    check_date(on, run)
    orders = list(run.orders.select_for_update().filter(status=OrderStatus.SENT))
    settle(orders, {o.pk: Answer(True) for o in orders}, on=on, by=by)
    run_close_if_done(run)
    return len(orders)
