"""Therapeutic protocols, the pure core: is a claim line linked to an ALD far from the
protocol of that ALD? No Django, no I/O.

A protocol is a set of expected care per ALD, each dated: classes of molecules (an ATC prefix),
and letter keys or forfaits with a frequency (at most N in any P days). A line is far from it:
- a medicine whose ATC code starts with none of the ALD's classes (when the ALD lists any);
- an item with a frequency whose quantity over the P days ending on the line's care date
  (earlier accepted lines of the same ALD, plus this one) exceeds N.
Lines of an ALD without protocol rows in force, and medicines without an ATC code, are never
flagged: the protocol states what is expected, not what is forbidden elsewhere.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

MEDICINE, ACT, FORFAIT = "medicine", "act", "forfait"


@dataclass(frozen=True)
class Expected:
    condition: str
    kind: str  # medicine | act | forfait
    code: str  # ATC prefix, letter key or forfait code
    label: str
    valid_from: date
    valid_to: date | None
    max_quantity: Decimal | None = None
    period_days: int | None = None

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def matches(self, kind: str, code: str, atc: str) -> bool:
        if kind != self.kind:
            return False
        return atc.startswith(self.code) if kind == MEDICINE else code == self.code


@dataclass(frozen=True)
class Care:
    """A claim line as the protocol sees it."""

    condition: str
    kind: str
    code: str
    atc: str  # the medicine's ATC code ("" for other lines or when unknown)
    care_date: date
    quantity: Decimal


class Protocols:
    def __init__(self, rows: list[Expected]):
        self._by_condition: dict[str, list[Expected]] = defaultdict(list)
        for row in rows:
            self._by_condition[row.condition].append(row)

    def __contains__(self, condition: str) -> bool:
        return condition in self._by_condition

    def longest_period(self) -> int:
        return max(
            (r.period_days or 0 for rows in self._by_condition.values() for r in rows), default=0
        )

    def in_force(self, condition: str, day: date) -> list[Expected]:
        return [r for r in self._by_condition.get(condition, ()) if r.in_force(day)]


def _quantity(row: Expected, care: Care, history: list[Care]) -> Decimal:
    since = care.care_date - timedelta(days=row.period_days - 1)
    return care.quantity + sum(
        (
            h.quantity
            for h in history
            if h.condition == care.condition
            and since <= h.care_date <= care.care_date
            and row.matches(h.kind, h.code, h.atc)
        ),
        Decimal(0),
    )


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}"


def deviation(care: Care, protocols: Protocols, history: list[Care]) -> str | None:
    """Why the line is far from its ALD's protocol (French), or None."""
    rows = protocols.in_force(care.condition, care.care_date)
    if not rows:
        return None
    if care.kind == MEDICINE and care.atc:
        classes = [r for r in rows if r.kind == MEDICINE]
        if classes and not any(care.atc.startswith(r.code) for r in classes):
            listed = ", ".join(r.code for r in classes)
            return (
                f"molécule hors protocole {care.condition} "
                f"(ATC {care.atc}, classes prévues : {listed})"
            )
    for row in rows:
        if row.max_quantity is None or not row.period_days:
            continue
        if not row.matches(care.kind, care.code, care.atc):
            continue
        total = _quantity(row, care, history)
        if total > row.max_quantity:
            return (
                f"{row.label} : {_n(total)} en {row.period_days} jours, "
                f"le protocole {care.condition} en prévoit {_n(row.max_quantity)}"
            )
    return None
