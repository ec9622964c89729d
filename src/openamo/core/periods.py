"""Dated validity: which row is in force on a date, and which periods may not coexist.

A period runs from `valid_from` to `valid_to` inclusive; `valid_to` None means open-ended.
Pure: no Django. The model mixin in `core.dated` calls these.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar


class Dated(Protocol):
    valid_from: date
    valid_to: date | None


T = TypeVar("T", bound=Dated)


class PeriodError(ValueError):
    """Two periods of the same key overlap, or a period ends before it starts."""


def covers(row: Dated, day: date) -> bool:
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def overlaps(a: Dated, b: Dated) -> bool:
    a_end, b_end = a.valid_to or date.max, b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def in_force(rows: Iterable[T], day: date) -> T | None:
    """The row covering `day`, or None. Periods of one key never overlap, so at most one."""
    for row in rows:
        if covers(row, day):
            return row
    return None


@dataclass(frozen=True)
class Succession:
    """What adding a period implies: the open-ended row it closes (and that row's new end),
    and the end the new period takes when it is open-ended but a later row already exists."""

    closes: object | None = None
    closed_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class _Span:
    valid_from: date
    valid_to: date | None


def plan_succession(existing: Sequence[T], new: Dated) -> Succession:
    """Check `new` against the `existing` periods of the same key.

    Open-ended means "until the next value": a new period starting inside an open-ended one
    closes it the day before (a tariff change on a date is one new row), and an open-ended new
    period followed by a later row ends the day before that row. Any other overlap is refused.
    """
    if new.valid_to is not None and new.valid_to < new.valid_from:
        raise PeriodError(
            f"la fin de validité ({new.valid_to:%d/%m/%Y}) précède le début ({new.valid_from:%d/%m/%Y})"
        )
    later = [r.valid_from for r in existing if r.valid_from > new.valid_from]
    ends_on = min(later) - timedelta(days=1) if new.valid_to is None and later else None
    span = _Span(new.valid_from, ends_on or new.valid_to)
    closes = next(
        (r for r in existing if r.valid_to is None and r.valid_from < new.valid_from), None
    )
    for row in existing:
        if row is closes or not overlaps(row, span):
            continue
        if row.valid_to:
            existing = f"du {row.valid_from:%d/%m/%Y} au {row.valid_to:%d/%m/%Y}"
        else:
            existing = f"depuis le {row.valid_from:%d/%m/%Y}, sans date de fin"
        raise PeriodError(f"chevauche la période déjà en vigueur {existing}")
    closed_on = new.valid_from - timedelta(days=1) if closes is not None else None
    return Succession(closes, closed_on, ends_on)
