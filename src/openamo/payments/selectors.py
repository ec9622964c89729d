"""Reads: runs and orders for staff, each one's items; and what portal users may see: an
insured family its own orders, an establishment its own. Out of scope: 404."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from openamo.authorizations.selectors import provider_of
from openamo.portal.selectors import insured_member

from .models import PaymentHold, PaymentItem, PaymentOrder, PaymentRun

ITEMS = Prefetch(
    "items",
    queryset=PaymentItem.objects.select_related(
        "claim__beneficiary", "statement", "invoice__agreement__beneficiary"
    ).order_by("id"),
)


def run_list(*, kind: str = "", status: str = "") -> QuerySet[PaymentRun]:
    runs = PaymentRun.objects.select_related("prepared_by", "issued_by")
    if kind:
        runs = runs.filter(kind=kind)
    if status:
        runs = runs.filter(status=status)
    return runs


def run_get(reference: str) -> PaymentRun:
    run = run_list().filter(reference=reference).first()
    if run is None:
        raise Http404("lot introuvable")
    return run


def order_list(*, run: PaymentRun | None = None, status: str = "", q: str = "") -> QuerySet:
    orders = PaymentOrder.objects.select_related("run", "member", "provider")
    if run is not None:
        orders = orders.filter(run=run)
    if status:
        orders = orders.filter(status=status)
    for word in q.split():
        orders = orders.filter(
            Q(payee_name__icontains=word)
            | Q(reference__icontains=word)
            | Q(member__registration_number__startswith=word)
            | Q(provider__inpe__startswith=word)
        )
    return orders


def order_get(reference: str) -> PaymentOrder:
    order = order_list().prefetch_related(ITEMS).filter(reference=reference).first()
    if order is None:
        raise Http404("ordre introuvable")
    return order


def hold_list(*, in_force_only: bool = False) -> QuerySet[PaymentHold]:
    holds = PaymentHold.objects.select_related(
        "member", "provider", "claim", "invoice", "set_by", "lifted_by"
    )
    return holds.filter(lifted_at__isnull=True) if in_force_only else holds


# ---- portal users ----------------------------------------------------------------------------


def family_orders(user) -> QuerySet[PaymentOrder]:
    """The orders to the insured person's family (the member's RIB), with the claims paid."""
    return (
        PaymentOrder.objects.filter(member=insured_member(user))
        .select_related("run")
        .prefetch_related(ITEMS)
        .order_by("-run__prepared_at", "-id")
    )


def establishment_of(user):
    provider = provider_of(user)
    if provider is None:
        raise Http404("aucun établissement n'est rattaché à ce compte")
    return provider


def establishment_orders(user) -> QuerySet[PaymentOrder]:
    """The orders to the user's establishment, with the invoices paid."""
    return (
        PaymentOrder.objects.filter(provider=establishment_of(user))
        .select_related("run")
        .prefetch_related(ITEMS)
        .order_by("-run__prepared_at", "-id")
    )


def portal_order(user, reference: str) -> PaymentOrder:
    """One order of the user's family or establishment; 404 for anything else."""
    by_provider = provider_of(user) is not None
    orders = establishment_orders(user) if by_provider else family_orders(user)
    order = orders.filter(reference=reference).first()
    if order is None:
        raise Http404("paiement introuvable")
    return order
