"""Set-wise message builders for the apps above this one (payments, contributions): they pass
their rows (duck-typed: this app imports none of them) and get the messages queued in one
statement. Amounts and links are in the texts; families are reached through their holder."""

from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from openamo.core.money import ZERO

from . import texts
from .services import Message, notifications_queue_many


def holders_of(member_ids) -> dict[int, int]:
    """member id → the id of its holder's beneficiary row (rank 0)."""
    Beneficiary = apps.get_model("members", "Beneficiary")
    return dict(
        Beneficiary.objects.filter(member_id__in=set(member_ids), rank=0).values_list(
            "member_id", "id"
        )
    )


def _recipient(row, holders) -> tuple[str, int] | None:
    if getattr(row, "member_id", None):
        holder = holders.get(row.member_id)
        return ("beneficiary", holder) if holder else None
    if getattr(row, "provider_id", None):
        return ("provider", row.provider_id)
    return None


def _payments_links() -> dict[str, str]:
    return {
        "beneficiary": reverse("portal:payments:insured"),
        "provider": reverse("portal:payments:provider"),
    }


def payments_sent(orders) -> int:
    """Payment sent: one message per transfer handed to the bank."""
    orders = list(orders)
    if not orders:
        return 0
    holders = holders_of(o.member_id for o in orders if o.member_id)
    order_type = ContentType.objects.get_for_model(orders[0]).pk
    messages, links = [], _payments_links()
    for order in orders:
        if (to := _recipient(order, holders)) is None:
            continue
        subject, body = texts.payment_sent(
            amount=order.amount, reference=order.reference, rib_end=order.rib[-4:]
        )
        messages.append(
            Message(*to, "payment_sent", subject, body, links[to[0]], order_type, order.pk)
        )
    return notifications_queue_many(messages)


def payments_rejected(orders) -> int:
    """RIB rejected by the bank: the payee is asked to check it (one message per order)."""
    orders = list(orders)
    if not orders:
        return 0
    holders = holders_of(o.member_id for o in orders if o.member_id)
    order_type = ContentType.objects.get_for_model(orders[0]).pk
    messages, rib_page = [], reverse("portal:insured_rib")
    for order in orders:
        if (to := _recipient(order, holders)) is None:
            continue
        subject, body = texts.rib_rejected(
            amount=order.amount, reference=order.reference, reason=order.rejection_reason
        )
        link = rib_page if to[0] == "beneficiary" else ""
        messages.append(Message(*to, "rib_rejected", subject, body, link, order_type, order.pk))
    return notifications_queue_many(messages)


def ribs_missing(amounts: dict[int, Decimal], *, day) -> int:
    """RIB missing: members (id → amount waiting) whose reimbursement was set aside; once per
    member and day (a second run the same day does not repeat it)."""
    if not amounts:
        return 0
    Notification = apps.get_model("notifications", "Notification")
    topic = f"rib_missing:{day:%Y-%m-%d}"
    holders = holders_of(amounts)
    told = set(
        Notification.objects.filter(
            topic=topic, beneficiary_id__in=list(holders.values())
        ).values_list("beneficiary_id", flat=True)
    )
    messages, link = [], reverse("portal:insured_rib")
    for member_id, amount in amounts.items():
        holder = holders.get(member_id)
        if holder is None or holder in told:
            continue
        subject, body = texts.rib_missing(amount=amount)
        messages.append(Message("beneficiary", holder, "rib_missing", subject, body, link))
    return notifications_queue_many(messages, topic=topic)


def amounts_by(pairs) -> dict[int, Decimal]:
    total: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for key, amount in pairs:
        total[key] += amount
    return dict(total)
