"""Writes of the payments app, one transaction each (see docs/payments.md)."""

from .holds import payment_hold_lift, payment_hold_set
from .receivables import receivable_create
from .returns import payment_returns_import
from .runs import payment_run_issue, payment_run_prepare
from .settle import payment_order_settle, payment_run_settle_all

__all__ = [
    "payment_hold_lift",
    "payment_hold_set",
    "payment_returns_import",
    "payment_order_settle",
    "payment_run_issue",
    "payment_run_prepare",
    "payment_run_settle_all",
    "receivable_create",
]
