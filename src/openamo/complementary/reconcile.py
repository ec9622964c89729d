"""Single window: reconciling a recourse statement line by line. Pure: no Django, no I/O.

The base fund claims an amount per complementary line; the insurer answers with the amount
it accepts per line. A line is matched when both amounts are equal to the centime; otherwise
(or when the insurer does not answer it) it is disputed. The totals always add up: matched +
disputed = claimed."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
Key = tuple[str, int]


@dataclass(frozen=True)
class LineCheck:
    key: Key
    claimed: Decimal
    answered: Decimal | None
    matched: bool
    reason: str


@dataclass(frozen=True)
class Reconciliation:
    lines: list[LineCheck]
    unknown: list[Key]  # answered lines the statement does not hold

    @property
    def matched(self) -> Decimal:
        return sum((c.claimed for c in self.lines if c.matched), ZERO)

    @property
    def disputed(self) -> Decimal:
        return sum((c.claimed for c in self.lines if not c.matched), ZERO)


def reconcile(claimed: Mapping[Key, Decimal], answered: Mapping[Key, Decimal]) -> Reconciliation:
    checks = []
    for key in sorted(claimed):
        amount, answer = claimed[key], answered.get(key)
        if answer is None:
            checks.append(LineCheck(key, amount, None, False, "ligne non reconnue par l'organisme"))
        elif answer == amount:
            checks.append(LineCheck(key, amount, answer, True, ""))
        else:
            reason = f"montant de l'organisme {answer:.2f} au lieu de {amount:.2f}"
            checks.append(LineCheck(key, amount, answer, False, reason))
    return Reconciliation(checks, sorted(set(answered) - set(claimed)))
