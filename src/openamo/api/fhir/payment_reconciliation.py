"""PaymentReconciliation: read and search the payment orders to providers.

A provider's user sees its own establishment's orders only; staff with
`payments.view_paymentorder` see all; anyone else: 404 on a read, 403 on a search.
Search parameters: `requestor` (Organization/<INPE>, Practitioner/<INPE> or the INPE),
`created` (date of the order, prefixes eq, ge, gt, le, lt), `identifier` (order reference).
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch

from openamo.api import scopes
from openamo.payments.models import PaymentItem, PaymentOrder

from .mapping.payment import PaidInvoice, PaymentRecord, payment_reconciliation
from .outcome import FhirError

PARAMS = {"requestor", "created", "identifier"}
PREFIXES = {"eq", "ge", "gt", "le", "lt"}
# dates a search may name: past the last one, a day's bounds no longer fit a datetime
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _orders(user):
    """The orders the user may read (`api.scopes`), or None when payments are out of reach."""
    try:
        orders = scopes.provider_payment_orders(user)
    except PermissionDenied:
        return None
    return (
        orders.select_related("run", "provider")
        .prefetch_related(
            Prefetch("items", queryset=PaymentItem.objects.select_related("invoice").order_by("id"))
        )
        .order_by("-run__prepared_at", "reference")
    )


def record(order: PaymentOrder) -> PaymentRecord:
    run = order.run
    paid_on = order.settled_on or (run.issued_at or run.prepared_at).date()
    return PaymentRecord(
        reference=order.reference,
        status=order.status,
        amount=order.amount,
        created=run.prepared_at,
        payment_date=paid_on,
        run_reference=run.reference,
        payer_name=run.payer_name,
        provider_inpe=order.provider.inpe,
        provider_kind=order.provider.kind,
        provider_name=order.provider.name,
        bank_reference=order.bank_reference,
        rejection_reason=order.rejection_reason,
        invoices=tuple(
            PaidInvoice(i.invoice.reference, i.invoice.number, i.amount, i.invoice.issued_on)
            for i in order.items.all()
            if i.invoice_id
        ),
    )


def read(user, resource_id: str):
    orders = _orders(user)
    order = orders.filter(reference=resource_id).first() if orders is not None else None
    if order is None:
        raise FhirError.one(
            404,
            f"PaymentReconciliation/{resource_id} introuvable",
            "not-found",
            "PaymentReconciliation",
        )
    return payment_reconciliation(record(order))


def _date_filter(orders, value: str):
    prefix = value[:2] if value[:2] in PREFIXES else "eq"
    text = value[2:] if value[:2] in PREFIXES else value
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise FhirError.one(
            400,
            f"date attendue sous la forme [ge|le|gt|lt|eq]AAAA-MM-JJ : « {value[:40]} »",
            "value",
            "created",
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise FhirError.one(
            400,
            f"date hors de la plage {FIRST_DAY.isoformat()} à {LAST_DAY.isoformat()} : « {text} »",
            "value",
            "created",
        )
    field = "run__prepared_at__date"
    lookups = {
        "eq": {field: day},
        "ge": {f"{field}__gte": day},
        "gt": {f"{field}__gte": day + timedelta(days=1)},
        "le": {f"{field}__lte": day},
        "lt": {f"{field}__lt": day},
    }
    return orders.filter(**lookups[prefix])


def render(orders) -> list:
    return [payment_reconciliation(record(o)) for o in orders]


def search(request, user):
    """The orders the search asks for, newest first (a queryset paged by the caller)."""
    given = {k for k in request.GET if not k.startswith("_")}
    unknown = sorted(given - PARAMS)
    if unknown:
        raise FhirError.one(
            400,
            f"paramètre(s) de recherche non pris en charge : {', '.join(unknown)} "
            f"(possibles : {', '.join(sorted(PARAMS))})",
            "not-supported",
        )
    orders = _orders(user)
    if orders is None:
        raise FhirError.one(403, "accès refusé aux paiements", "forbidden")
    for value in request.GET.getlist("requestor"):
        inpe = value.strip().split("/")[-1].split("|")[-1]
        orders = orders.filter(provider__inpe=inpe)
    for value in request.GET.getlist("created"):
        orders = _date_filter(orders, value.strip())
    for value in request.GET.getlist("identifier"):
        orders = orders.filter(reference=value.strip().split("|")[-1])
    return orders
