"""Calls, receipts and arrears: the pure arithmetic (no Django, no I/O).

A contribution call (appel de cotisations) is due on `DUE_DAY` of the month after the period
declared. A receipt is matched (imputé) to calls oldest first; what a receipt cannot place is
the employer's credit (overpayment), kept on the receipt and placed on the next calls.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openamo.core.money import ZERO, money

# The day of the month following the period on which a call falls due. The one place it lives:
# there is no ParameterCode for it yet (see the report of issue 3).
DUE_DAY = 10


def due_date(period: date) -> date:
    """The due date of the call of `period` (any day of the month): DUE_DAY of the next month."""
    year, month = (period.year + 1, 1) if period.month == 12 else (period.year, period.month + 1)
    return date(year, month, DUE_DAY)


@dataclass(frozen=True)
class Allocation:
    key: Hashable  # the call
    amount: Decimal


@dataclass(frozen=True)
class MatchPlan:
    allocations: tuple[Allocation, ...]
    left_over: Decimal  # what the receipt still holds (overpayment / credit)


def allocate(available: Decimal, outstanding: Sequence[tuple[Hashable, Decimal]]) -> MatchPlan:
    """Place `available` on the calls in the order given (oldest first), each up to what it
    still owes; partial payment of the last one reached; the rest is left over."""
    left = money(available)
    if left < ZERO:
        raise ValueError("montant à imputer négatif")
    placed = []
    for key, owed in outstanding:
        if left <= ZERO:
            break
        owed = money(owed)
        if owed <= ZERO:
            continue
        amount = min(left, owed)
        placed.append(Allocation(key, amount))
        left = money(left - amount)
    return MatchPlan(tuple(placed), left)


@dataclass(frozen=True)
class Arrear:
    outstanding: Decimal
    days_late: int


def arrear(*, amount_due: Decimal, paid: Decimal, due_on: date, on: date) -> Arrear | None:
    """The arrear of a call on day `on`: None when paid in full or not yet due."""
    outstanding = money(amount_due - paid)
    if outstanding <= ZERO or on <= due_on:
        return None
    return Arrear(outstanding, (on - due_on).days)
