"""Where a contribution call stands on a day: settled, late, partly paid, or to be paid."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from openamo.core.money import ZERO, money


@dataclass(frozen=True)
class PaymentState:
    key: str
    label: str
    css: str  # badge class


def payment_state(*, amount_due, paid, due_on: date | None, today: date) -> PaymentState:
    """Where a call stands on `today`: settled, late, partly paid, or to be paid."""
    if amount_due is None:
        return PaymentState("none", _("Sans appel"), "")
    if money(amount_due - paid) <= ZERO:
        return PaymentState("settled", _("Soldé"), "ok")
    if due_on is not None and today > due_on:
        return PaymentState("late", _("En retard"), "ko")
    if paid > ZERO:
        return PaymentState("partial", _("Paiement partiel"), "warn")
    return PaymentState("due", _("À payer"), "warn")


def with_states(rows, today: date):
    """Attach `state` to each row (a declaration or a call with its balance annotated)."""
    for row in rows:
        row.state = payment_state(
            amount_due=row.amount_due, paid=row.paid, due_on=row.due_on, today=today
        )
    return rows
