"""The remainder (reliquat): the complementary share of each base statement line. Pure: no
Django, no I/O, Decimal money.

For each line, in date order: the guarantee of its care category in force on the care date
gives a raw share (a percentage of the base, a percentage of the charged amount, or a flat
amount per act, with the network's better terms when the executor is in the insurer's
network); the share is then cut, in this order, by the per-act ceiling, by what the insured
paid after the base (charged − base reimbursement: the complementary never pays more than
that), by the person's and by the family's yearly ceilings of the guarantee. Every cut is
explained on the line with its amount. What is left is the insured's own share (reste à
charge), so base + complementary + reste à charge = charged on every line.

Yearly ceilings are consumed per calendar year of the care date, per beneficiary and per
family (the member), per guarantee's ceiling group (its care category), starting from what
earlier statements already consumed (`Ledger.consumed`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from openamo.core.money import ZERO, apply_rate, money, multiply

PERCENT_BASE, PERCENT_CHARGED, FLAT_PER_ACT = "percent_base", "percent_charged", "flat_per_act"

# reason codes → French sentences (the line's explanation)
REASONS = {
    "not_enrolled": "Bénéficiaire non couvert par le contrat à la date des soins",
    "waiting_period": "Soins pendant le délai de carence",
    "no_guarantee": "Aucune garantie pour cette catégorie de soins",
    "excluded": "Prestation exclue par le contrat",
    "base_rejected": "Ligne rejetée par le régime de base",
    "per_act_ceiling": "Plafond par acte atteint",
    "insured_share": "Limité au reste à charge après le régime de base",
    "person_ceiling": "Plafond annuel par personne atteint",
    "family_ceiling": "Plafond annuel par famille atteint",
}


@dataclass(frozen=True)
class Guarantee:
    """The terms of one guarantee row (one care category, one period)."""

    id: int
    category: str
    label: str
    basis: str  # PERCENT_BASE, PERCENT_CHARGED or FLAT_PER_ACT
    rate: Decimal = ZERO  # percent, for the two percentage bases
    flat: Decimal = ZERO  # per act, for FLAT_PER_ACT
    network_rate: Decimal | None = None  # better terms with a network provider
    network_flat: Decimal | None = None
    per_act_ceiling: Decimal | None = None
    person_year_ceiling: Decimal | None = None
    family_year_ceiling: Decimal | None = None
    waiting_days: int = 0
    excluded: bool = False
    excluded_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BaseLine:
    """One base statement line as the complementary insurer sees it."""

    key: int  # the base statement line's id (or any unique key)
    beneficiary: int
    family: int  # the member
    care_date: date
    category: str
    code: str
    executor: str  # INPE
    quantity: Decimal
    charged: Decimal
    base: Decimal
    reimbursed: Decimal
    rejected: bool = False


@dataclass(frozen=True)
class Cover:
    """What the contract says for one beneficiary: enrolled from `enrolled_on` (the waiting
    periods run from there), the guarantees by (category, care date), the network."""

    enrolled_on: date | None
    guarantee_for: Callable[[str, date], Guarantee | None]
    network: frozenset[str] = frozenset()
    covered_until: date | None = None


@dataclass(frozen=True)
class Cut:
    code: str
    message: str
    amount: Decimal  # what the cut removed (ZERO for a refusal)


@dataclass(frozen=True)
class Result:
    key: int
    guarantee: int | None
    charged: Decimal
    reimbursed: Decimal  # by the base
    computed: Decimal  # the guarantee's share before the ceilings
    complementary: Decimal
    remainder: Decimal  # reste à charge
    network: bool
    cuts: tuple[Cut, ...] = ()


@dataclass
class Ledger:
    """Yearly consumption: (year, beneficiary or family, ceiling group) → amount."""

    person: dict[tuple[int, int, str], Decimal] = field(default_factory=dict)
    family: dict[tuple[int, int, str], Decimal] = field(default_factory=dict)

    def consume(self, line: BaseLine, amount: Decimal) -> None:
        year = line.care_date.year
        pk, fk = (year, line.beneficiary, line.category), (year, line.family, line.category)
        self.person[pk] = self.person.get(pk, ZERO) + amount
        self.family[fk] = self.family.get(fk, ZERO) + amount

    def used(self, line: BaseLine) -> tuple[Decimal, Decimal]:
        year = line.care_date.year
        return (
            self.person.get((year, line.beneficiary, line.category), ZERO),
            self.family.get((year, line.family, line.category), ZERO),
        )


def _refused(line: BaseLine, code: str, guarantee: Guarantee | None = None) -> Result:
    return Result(
        key=line.key,
        guarantee=guarantee.id if guarantee else None,
        charged=line.charged,
        reimbursed=line.reimbursed,
        computed=ZERO,
        complementary=ZERO,
        remainder=line.charged - line.reimbursed,
        network=False,
        cuts=(Cut(code, REASONS[code], ZERO),),
    )


def _raw_share(line: BaseLine, g: Guarantee, in_network: bool) -> Decimal:
    if g.basis == FLAT_PER_ACT:
        flat = g.network_flat if in_network and g.network_flat is not None else g.flat
        return multiply(flat, line.quantity)
    rate = g.network_rate if in_network and g.network_rate is not None else g.rate
    return apply_rate(line.base if g.basis == PERCENT_BASE else line.charged, rate)


def _refusal(line: BaseLine, cover: Cover, g: Guarantee | None) -> str | None:
    if cover.enrolled_on is None or line.care_date < cover.enrolled_on:
        return "not_enrolled"
    if cover.covered_until is not None and line.care_date > cover.covered_until:
        return "not_enrolled"
    if g is None:
        return "no_guarantee"
    if g.excluded or line.code in g.excluded_codes:
        return "excluded"
    if line.care_date < cover.enrolled_on + timedelta(days=g.waiting_days):
        return "waiting_period"
    if line.rejected:
        return "base_rejected"
    return None


def _ceilings(line: BaseLine, g: Guarantee, ledger: Ledger) -> list[tuple[str, Decimal]]:
    person_used, family_used = ledger.used(line)
    limits = [("insured_share", max(line.charged - line.reimbursed, ZERO))]
    if g.person_year_ceiling is not None:
        limits.append(("person_ceiling", max(g.person_year_ceiling - person_used, ZERO)))
    if g.family_year_ceiling is not None:
        limits.append(("family_ceiling", max(g.family_year_ceiling - family_used, ZERO)))
    return limits


def line_share(line: BaseLine, cover: Cover, ledger: Ledger) -> Result:
    """The complementary share of one line; consumes the ledger."""
    g = cover.guarantee_for(line.category, line.care_date)
    if (code := _refusal(line, cover, g)) is not None:
        return _refused(line, code, g)
    in_network = line.executor in cover.network
    computed = share = _raw_share(line, g, in_network)
    cuts: list[Cut] = []
    limits = []
    if g.per_act_ceiling is not None:
        limits.append(("per_act_ceiling", multiply(g.per_act_ceiling, max(line.quantity, 1))))
    limits += _ceilings(line, g, ledger)
    for code, limit in limits:
        if share > limit:
            cuts.append(Cut(code, REASONS[code], share - limit))
            share = money(limit)
    ledger.consume(line, share)
    return Result(
        key=line.key,
        guarantee=g.id,
        charged=line.charged,
        reimbursed=line.reimbursed,
        computed=computed,
        complementary=share,
        remainder=line.charged - line.reimbursed - share,
        network=in_network,
        cuts=tuple(cuts),
    )


def remainder(
    lines: Iterable[BaseLine], cover_for: Callable[[BaseLine], Cover], ledger: Ledger
) -> list[Result]:
    """Every line's complementary share, the yearly ceilings consumed in date order (ties in
    the lines' key order); results come back in that order."""
    ordered = sorted(lines, key=lambda line: (line.care_date, line.key))
    return [line_share(line, cover_for(line), ledger) for line in ordered]
