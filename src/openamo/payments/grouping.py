"""Group payable items into one order per payee, leaving out what cannot be paid. Pure.

An item is a claim's reimbursement or an invoice's accepted amount, owed to a payee (a member
or a provider). An item is skipped, with a coded French reason, when a hold is in force on it
or on its payee, when the payee has no valid RIB, or when its amount is nil.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from openamo.core.money import ZERO, money

HELD, NO_RIB, ZERO_AMOUNT = "held", "no_rib", "zero"
SKIP_REASONS = {
    HELD: "opposition au paiement en cours",
    NO_RIB: "RIB absent ou invalide",
    ZERO_AMOUNT: "montant nul : rien à virer",
}


@dataclass(frozen=True)
class Payable:
    key: str  # "claim:12", "invoice:7": an item is never in two orders
    payee: str  # "member:3", "provider:5"
    amount: Decimal
    held: bool = False
    has_rib: bool = True
    hold_reason: str = ""  # e.g. "dossier d'investigation ENQ-2026-00001"


@dataclass(frozen=True)
class Order:
    payee: str
    items: tuple[Payable, ...]

    @property
    def total(self) -> Decimal:
        return money(sum((i.amount for i in self.items), ZERO))


@dataclass(frozen=True)
class Skipped:
    item: Payable
    code: str

    @property
    def message(self) -> str:
        if self.code == HELD and self.item.hold_reason:
            return f"{SKIP_REASONS[HELD]} : {self.item.hold_reason}"
        return SKIP_REASONS[self.code]


@dataclass(frozen=True)
class Grouping:
    orders: tuple[Order, ...]
    skipped: tuple[Skipped, ...]

    @property
    def total(self) -> Decimal:
        return money(sum((o.total for o in self.orders), ZERO))

    @property
    def skipped_total(self) -> Decimal:
        return money(sum((s.item.amount for s in self.skipped), ZERO))


def skip_code(item: Payable) -> str | None:
    if item.held:
        return HELD
    if item.amount <= ZERO:
        return ZERO_AMOUNT
    if not item.has_rib:
        return NO_RIB
    return None


def group(items: Iterable[Payable]) -> Grouping:
    """Orders per payee in the order payees first appear; an item key seen twice is an error."""
    seen: set[str] = set()
    by_payee: dict[str, list[Payable]] = {}
    skipped: list[Skipped] = []
    for item in items:
        if item.key in seen:
            raise ValueError(f"pièce en double : {item.key}")
        seen.add(item.key)
        code = skip_code(item)
        if code:
            skipped.append(Skipped(item, code))
        else:
            by_payee.setdefault(item.payee, []).append(item)
    orders = tuple(Order(payee, tuple(found)) for payee, found in by_payee.items())
    return Grouping(orders, tuple(skipped))
