"""Prepare a run (lock what it pays, one order per payee) and issue it (the bank file)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from openamo.audit.services import audit_write_many, change_of, snapshot, status_changes
from openamo.core.money import ZERO, format_dh, money
from openamo.core.sequences import sequence_take
from openamo.notifications import events

from .. import bankfile
from ..grouping import NO_RIB, group
from ..models import (
    OrderStatus,
    PayerAccount,
    PaymentItem,
    PaymentOrder,
    PaymentRun,
    PaymentSkip,
    Receivable,
    ReceivableOffset,
    RunKind,
    RunStatus,
)
from ..netting import offsets
from ..payables import claim_pieces, invoice_pieces, receivables_open
from .settle import Answer, settle

NOTHING = {
    RunKind.INSURED: "aucun dossier liquidé à rembourser au {day}",
    RunKind.PROVIDER: "aucune facture acceptée à payer au {day}",
}


def _payee_name(payee) -> str:
    return payee.full_name if hasattr(payee, "full_name") else payee.name


@transaction.atomic
def payment_run_prepare(*, kind: str, cut_off: date, by, today: date | None = None) -> PaymentRun:
    """A run of every claim (or invoice) payable on `cut_off`, locked so that no other run
    takes them; one order per payee; what is held, without RIB or nil is listed as skipped."""
    today = today or timezone.localdate()
    if kind not in RunKind.values:
        raise ValidationError({"kind": "nature de lot inconnue"})
    if cut_off > today:
        raise ValidationError({"cut_off": "la date d'arrêté ne peut pas être dans le futur"})
    loader = claim_pieces if kind == RunKind.INSURED else invoice_pieces
    pieces = loader(cut_off=cut_off, day=today)
    by_key = {p.payable.key: p for p in pieces}
    grouping = group(p.payable for p in pieces)
    message = NOTHING[kind].format(day=f"{cut_off:%d/%m/%Y}")
    if not grouping.orders:
        if grouping.skipped:
            message += f" ({len(grouping.skipped)} pièce(s) écartée(s) : oppositions ou RIB)"
        raise ValidationError({"cut_off": message})
    takes = offsets(
        {o.payee: o.total for o in grouping.orders},
        receivables_open({o.payee for o in grouping.orders}),
    )
    net = {o.payee: o.total - sum(t for _, t in takes.get(o.payee, [])) for o in grouping.orders}
    (number,) = sequence_take("payment_run")
    run = PaymentRun.objects.create(
        reference=f"PAI-{today:%Y}-{number:05d}",
        kind=kind,
        cut_off=cut_off,
        prepared_at=timezone.now(),
        prepared_by=by,
        order_count=len(grouping.orders),
        item_count=sum(len(o.items) for o in grouping.orders),
        total=money(sum(net.values(), ZERO)),
        skipped_count=len(grouping.skipped),
        skipped_total=grouping.skipped_total,
    )
    rows = []
    for n, order in enumerate(grouping.orders, 1):
        payee = by_key[order.items[0].key].payee
        rows.append(
            PaymentOrder(
                reference=f"{run.reference}-{n:04d}",
                run=run,
                member=payee if kind == RunKind.INSURED else None,
                provider=payee if kind == RunKind.PROVIDER else None,
                payee_name=_payee_name(payee)[:200],
                rib=payee.rib,
                amount=net[order.payee],
            )
        )
    PaymentOrder.objects.bulk_create(rows, batch_size=1000)
    _offsets_write(rows, grouping.orders, takes)
    items = [
        PaymentItem(
            order=row,
            claim=by_key[payable.key].claim,
            statement=by_key[payable.key].statement,
            invoice=by_key[payable.key].invoice,
            amount=payable.amount,
        )
        for row, order in zip(rows, grouping.orders, strict=True)
        for payable in order.items
    ]
    try:
        with transaction.atomic():
            PaymentItem.objects.bulk_create(items, batch_size=2000)
    except IntegrityError:
        raise ValidationError(
            {"cut_off": "des pièces viennent d'être prises par un autre lot : relancer"}
        ) from None
    PaymentSkip.objects.bulk_create(
        PaymentSkip(
            run=run,
            claim=by_key[s.item.key].claim,
            invoice=by_key[s.item.key].invoice,
            payee_name=_payee_name(by_key[s.item.key].payee)[:200],
            amount=s.item.amount,
            code=s.code,
            message=s.message,
        )
        for s in grouping.skipped
    )
    audit_write_many(user=by, changes=[change_of(x) for x in (run, *rows)])
    if kind == RunKind.INSURED:
        events.ribs_missing(
            events.amounts_by(
                (by_key[s.item.key].payee.pk, s.item.amount)
                for s in grouping.skipped
                if s.code == NO_RIB
            ),
            day=today,
        )
    return run


def _offsets_write(rows, orders, takes) -> None:
    """What each order keeps back for its payee's receivables (see netting.py)."""
    made = [
        ReceivableOffset(receivable_id=receivable_id, order=row, amount=amount)
        for row, order in zip(rows, orders, strict=True)
        for receivable_id, amount in takes.get(order.payee, [])
    ]
    ReceivableOffset.objects.bulk_create(made)
    for offset in made:
        Receivable.objects.filter(pk=offset.receivable_id).update(
            remaining=F("remaining") - offset.amount
        )


def _label(run: PaymentRun, order: PaymentOrder) -> str:
    what = "REMB AMO" if run.kind == RunKind.INSURED else "TIERS PAYANT AMO"
    return f"{what} {order.reference}"


@transaction.atomic
def payment_run_issue(*, run: PaymentRun, by) -> PaymentRun:
    """The bank transfer file of a prepared run: its orders are then sent to the bank."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.PREPARED:
        raise ValidationError({"status": f"lot déjà {run.get_status_display().lower()}"})
    payer = PayerAccount.objects.filter(active=True).order_by("pk").first()
    if payer is None:
        raise ValidationError(
            {"payer": "aucun compte donneur d'ordre en usage : le déclarer dans l'administration"}
        )
    ordered = list(run.orders.filter(status=OrderStatus.ORDERED).order_by("reference"))
    orders = [o for o in ordered if o.amount > 0]
    netted = [o for o in ordered if o.amount == 0]  # a receivable took it all: no transfer
    transfers = [
        bankfile.Transfer(o.reference, o.rib, o.payee_name, o.amount, _label(run, o))
        for o in orders
    ]
    text = bankfile.transfer_file(
        run_reference=run.reference,
        payer_name=payer.name,
        payer_rib=payer.rib,
        transfers=transfers,
    )
    count, total = bankfile.transfer_file_totals(text)
    if (count, total) != (run.order_count - len(netted), run.total):
        raise ValidationError(
            {
                "bank_file": f"fichier incohérent : {count} virements pour {format_dh(total)}, "
                f"le lot compte {run.order_count} ordres pour {format_dh(run.total)}"
            }
        )
    run.orders.filter(status=OrderStatus.ORDERED, amount__gt=0).update(status=OrderStatus.SENT)
    if netted:
        settle(
            netted,
            {o.pk: Answer(True, bank_reference="compensation") for o in netted},
            on=timezone.localdate(),
            by=by,
        )
    before = snapshot(run, ["status", "issued_at", "issued_by", "payer_name", "payer_rib"])
    run.status, run.issued_at, run.issued_by = RunStatus.ISSUED, timezone.now(), by
    run.payer_name, run.payer_rib, run.bank_file = payer.name, payer.rib, text
    run.save(
        update_fields=["status", "issued_at", "issued_by", "payer_name", "payer_rib", "bank_file"]
    )
    sent = status_changes(orders, OrderStatus.ORDERED.value, OrderStatus.SENT.value)
    audit_write_many(user=by, changes=[change_of(run, before), *sent])
    events.payments_sent(orders)
    return run
