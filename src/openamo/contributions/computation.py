"""The contribution computation: pure, plain frozen dataclasses in and out, Decimal money.

No Django, no I/O. The rules are data: the caller hands over the contribution rate rows of the
scheme (`RateRow`, one per population, component and period of validity) and this module
- picks the rows that apply to a month: **each month uses the row in force on the first day of
  that month** (a rate that changes on 15 July applies from the August contribution on);
- computes each share (part salariale, patronale, solidarité, complémentaire...) as
  base × rate, rounded to the centime (ROUND_HALF_UP), then held between the row's monthly
  floor and ceiling — floors and ceilings apply per share and per month;
- caps a share that has a yearly ceiling so that the running total of that share over the
  calendar year never exceeds it: the caller passes what was already due earlier that year.

A month with a base of zero (nothing paid) owes nothing: the floor applies to a salary, not to
its absence.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from openamo.core.money import ZERO, apply_rate, clamp, money
from openamo.core.periods import covers


class ComputationError(ValueError):
    """The inputs cannot give a contribution (negative base, no rate in force)."""


@dataclass(frozen=True)
class RateRule:
    """One share's rule in force for a month: rate in %, optional monthly floor and ceiling,
    optional yearly ceiling (DH)."""

    component: str
    rate: Decimal
    floor: Decimal | None = None
    ceiling: Decimal | None = None
    ceiling_yearly: Decimal | None = None


@dataclass(frozen=True)
class RateRow:
    """A dated referential row (ContributionRate) as plain data."""

    population: str
    rule: RateRule
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class Share:
    """One computed share and how it was obtained."""

    component: str
    rate: Decimal
    raw: Decimal  # base × rate, rounded, before floor and ceilings
    amount: Decimal
    floor_applied: bool = False
    ceiling_applied: bool = False
    yearly_ceiling_applied: bool = False


@dataclass(frozen=True)
class Contribution:
    base: Decimal
    shares: tuple[Share, ...] = ()

    @property
    def total(self) -> Decimal:
        return money(sum((s.amount for s in self.shares), ZERO))

    def amount_of(self, component: str) -> Decimal:
        return money(sum((s.amount for s in self.shares if s.component == component), ZERO))


@dataclass(frozen=True)
class MonthContribution:
    month: date
    contribution: Contribution = field(default_factory=lambda: Contribution(ZERO))


def month_start(day: date) -> date:
    return day.replace(day=1)


def rules_in_force(
    rows: Iterable[RateRow],
    *,
    population: str,
    month: date,
    exclude: frozenset[str] = frozenset(),
) -> tuple[RateRule, ...]:
    """The rules of `population` in force on the first day of `month`, one per component.

    `exclude` names components that do not apply to this member (e.g. the complementary share
    for a member without a mutuelle). Rows of one component never overlap (the referential
    refuses it), so each component yields at most one rule.
    """
    first = month_start(month)
    found: dict[str, RateRule] = {}
    for row in rows:
        if row.population != population or row.rule.component in exclude:
            continue
        if covers(row, first):
            found[row.rule.component] = row.rule
    return tuple(found[c] for c in sorted(found))


def share_compute(*, base: Decimal, rule: RateRule, already_due_this_year: Decimal = ZERO) -> Share:
    """One share for one month."""
    raw = apply_rate(base, rule.rate)
    if base == ZERO:
        return Share(rule.component, rule.rate, raw, ZERO)
    amount = clamp(raw, rule.floor, rule.ceiling)
    floor_applied = rule.floor is not None and raw < rule.floor
    ceiling_applied = rule.ceiling is not None and raw > rule.ceiling
    yearly_applied = False
    if rule.ceiling_yearly is not None:
        room = max(ZERO, money(rule.ceiling_yearly - already_due_this_year))
        if amount > room:
            amount, yearly_applied = room, True
    return Share(
        rule.component,
        rule.rate,
        raw,
        money(amount),
        floor_applied,
        ceiling_applied,
        yearly_applied,
    )


def contribution_compute(
    *,
    base: Decimal,
    rules: Sequence[RateRule],
    already_due_this_year: Mapping[str, Decimal] | None = None,
) -> Contribution:
    """Every share of one month's contribution on `base` (salary, pension or last salary).

    `already_due_this_year` maps a component to the amount of that share already due for the
    earlier months of the same calendar year; only shares with a yearly ceiling use it.
    """
    base = money(base)
    if base < ZERO:
        raise ComputationError(f"assiette négative : {base}")
    earlier = already_due_this_year or {}
    shares = tuple(
        share_compute(base=base, rule=r, already_due_this_year=earlier.get(r.component, ZERO))
        for r in rules
    )
    return Contribution(base, shares)


def schedule_compute(
    *,
    rows: Sequence[RateRow],
    population: str,
    bases: Mapping[date, Decimal],
    exclude: frozenset[str] = frozenset(),
) -> list[MonthContribution]:
    """The contributions of consecutive or scattered months, in month order.

    Each month takes the rules in force on its first day; yearly ceilings run over the months
    of the same calendar year given here. A month with no rule in force is an error.
    """
    results: list[MonthContribution] = []
    running: dict[tuple[int, str], Decimal] = {}
    for month in sorted(bases):
        rules = rules_in_force(rows, population=population, month=month, exclude=exclude)
        if not rules:
            raise ComputationError(
                f"aucun taux de cotisation en vigueur le {month_start(month):%d/%m/%Y} "
                f"pour la population « {population} »"
            )
        earlier = {r.component: running.get((month.year, r.component), ZERO) for r in rules}
        contribution = contribution_compute(
            base=bases[month], rules=rules, already_due_this_year=earlier
        )
        for s in contribution.shares:
            key = (month.year, s.component)
            running[key] = running.get(key, ZERO) + s.amount
        results.append(MonthContribution(month_start(month), contribution))
    return results
