"""The complaints dashboard's figures (pure: plain rows in, figures out; no Django, no clock).

Delays are measured from filing: to the first answer (hours) and to closure (days). The share
answered within 48 h counts the complaints whose answer is known: answered, or still waiting
after their 48 hours (a complaint filed an hour ago is not yet a success nor a failure).
Percentiles are nearest-rank (the value of a real complaint, never an interpolation).
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

COMMITMENT = timedelta(hours=48)


@dataclass(frozen=True)
class Row:
    nature: str
    filed_at: datetime
    first_answered_at: datetime | None
    closed_at: datetime | None


@dataclass(frozen=True)
class Month:
    label: str  # "2026-11"
    filed: int
    closed: int
    share_48h: Decimal | None


@dataclass
class Dashboard:
    total: int = 0
    open: int = 0
    closed: int = 0
    by_nature: list[tuple[str, int, int]] = field(default_factory=list)  # (nature, open, closed)
    answer_median_h: Decimal | None = None
    answer_p90_h: Decimal | None = None
    closure_median_d: Decimal | None = None
    closure_p90_d: Decimal | None = None
    share_48h: Decimal | None = None
    months: list[Month] = field(default_factory=list)


def percentile(values: list[float], p: int) -> float | None:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def _one(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _share(rows: list[Row], now: datetime) -> Decimal | None:
    known = [r for r in rows if r.first_answered_at is not None or now - r.filed_at >= COMMITMENT]
    if not known:
        return None
    met = sum(
        1
        for r in known
        if r.first_answered_at is not None and r.first_answered_at - r.filed_at <= COMMITMENT
    )
    return (Decimal(100) * met / len(known)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def dashboard(rows: list[Row], *, now: datetime, month_of=lambda d: f"{d:%Y-%m}") -> Dashboard:
    """The figures of these complaints at `now`; `month_of` gives a date's month label (the
    caller passes it in local time)."""
    board = Dashboard(total=len(rows))
    board.closed = sum(r.closed_at is not None for r in rows)
    board.open = board.total - board.closed
    opened, closed = Counter(), Counter()
    for r in rows:
        (closed if r.closed_at is not None else opened)[r.nature] += 1
    natures = sorted(set(opened) | set(closed), key=lambda n: (-(opened[n] + closed[n]), n))
    board.by_nature = [(n, opened[n], closed[n]) for n in natures]
    hours = [
        (r.first_answered_at - r.filed_at).total_seconds() / 3600
        for r in rows
        if r.first_answered_at is not None
    ]
    days = [(r.closed_at - r.filed_at).total_seconds() / 86400 for r in rows if r.closed_at]
    board.answer_median_h, board.answer_p90_h = (
        _one(percentile(hours, 50)),
        _one(percentile(hours, 90)),
    )
    board.closure_median_d, board.closure_p90_d = (
        _one(percentile(days, 50)),
        _one(percentile(days, 90)),
    )
    board.share_48h = _share(rows, now)
    by_month: dict[str, list[Row]] = {}
    for r in rows:
        by_month.setdefault(month_of(r.filed_at), []).append(r)
    closed_by_month = Counter(month_of(r.closed_at) for r in rows if r.closed_at is not None)
    board.months = [
        Month(m, len(by_month[m]), closed_by_month[m], _share(by_month[m], now))
        for m in sorted(by_month)
    ]
    return board
