"""The period a synthetic fund covers: a calendar year (`--year`) or the twelve months up to a
day (`--until`, the demo's today). Pure, no Django.

The generator was written for a calendar year: its seasonal dates ("from 15 January to
30 November") are read through `Span.at`, which maps a day of a common year onto the span, so a
calendar-year span gives exactly the dates of before and a rolling span the same shape.
"""

from dataclasses import dataclass
from datetime import date, timedelta

_COMMON = 2001  # a common year: the reference calendar of `at`


@dataclass(frozen=True)
class Span:
    start: date
    end: date

    @classmethod
    def of_year(cls, year: int) -> "Span":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def until(cls, end: date) -> "Span":
        """The twelve months ending on `end` (365 days, `end` included)."""
        return cls(end - timedelta(days=364), end)

    @classmethod
    def coerce(cls, value: "int | Span") -> "Span":
        return value if isinstance(value, Span) else cls.of_year(value)

    @property
    def year(self) -> int:
        """The year that names the span's references (its first year)."""
        return self.start.year

    def at(self, month: int, day: int) -> date:
        """The day `month`/`day` of a year, placed on the span (same offset from its start)."""
        return self.start + (date(_COMMON, month, day) - date(_COMMON, 1, 1))

    def after(self, month: int, day: int) -> date:
        """`month`/`day` of the year after a calendar year, placed after the span's end."""
        return self.end + (date(_COMMON + 1, month, day) - date(_COMMON, 12, 31))

    def months(self) -> list[date]:
        """The first day of every month the span touches, in order."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out
