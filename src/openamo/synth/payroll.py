"""Monthly payroll declarations of the span: one line per member and month, declared by the
administration (salary) or the pension fund (pension), its shares computed by the pure
`contributions.computation` with the scheme's dated rates. Pure: no Django."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from openamo.contributions.computation import Contribution, schedule_compute

from .population import Family
from .span import Span

FULL_MONTH_DAYS = 26  # contributions.models.MAX_DAYS: a full month counts 26 days


@dataclass(frozen=True)
class PayLine:
    employer: str
    month: date
    family: int
    population: str
    gross: Decimal
    days: int
    contribution: Contribution


DECLARED_ON_DAY = 5  # a month's declaration comes in on the 5th of the next (writer.finish)


def declared_months(span: "Span | int") -> list[date]:
    """The months of the span whose declaration has come in by its last day."""
    span = Span.coerce(span)
    return [m for m in span.months() if _next(m).replace(day=DECLARED_ON_DAY) <= span.end]


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def family_payroll(family: Family, rate_rows, span, pension_fund: str) -> list[PayLine]:
    member = family.member
    out: list[PayLine] = []
    spans: list[tuple[str, str, Decimal, list[date]]] = []
    months = [m for m in declared_months(span) if member.death is None or m <= member.death]
    if family.status == "retired":
        spans.append((family.employer, "retired", family.salary, months))
    elif family.retired_on is not None:
        cut = family.retired_on.replace(day=1)
        pension = max(Decimal(1500), (family.salary * Decimal("0.7")).quantize(Decimal("0.01")))
        spans.append((family.employer, "active", family.salary, [m for m in months if m <= cut]))
        spans.append((pension_fund, "retired", pension, [m for m in months if m > cut]))
    else:
        spans.append((family.employer, "active", family.salary, months))
    exclude = frozenset() if family.mutuelle else frozenset({"complementary"})
    for employer, population, gross, span in spans:
        if not span:
            continue
        bases = dict.fromkeys(span, gross)
        schedule = schedule_compute(
            rows=rate_rows, population=population, bases=bases, exclude=exclude
        )
        for item in schedule:
            days = FULL_MONTH_DAYS
            if member.death and item.month == member.death.replace(day=1):
                days = max(1, round(FULL_MONTH_DAYS * member.death.day / 30))
            out.append(
                PayLine(
                    employer, item.month, family.index, population, gross, days, item.contribution
                )
            )
    return out


@lru_cache(maxsize=65536)
def _schedule(rate_rows, population: str, gross: Decimal, exclude: frozenset, months: tuple):
    """The same salary over the same months gives the same shares: computed once."""
    bases = dict.fromkeys(months, gross)
    return tuple(
        schedule_compute(rows=rate_rows, population=population, bases=bases, exclude=exclude)
    )
