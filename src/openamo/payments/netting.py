"""Net what payees owe the fund (receivables) on what a run pays them. Pure.

Each payee's order total is reduced by its open receivables, oldest first, never below zero;
an order reduced to zero is settled by offset (no transfer)."""

from decimal import Decimal

from openamo.core.money import ZERO, money


def offsets(
    totals: dict[str, Decimal], receivables: dict[str, list[tuple[int, Decimal]]]
) -> dict[str, list[tuple[int, Decimal]]]:
    """payee → [(receivable id, amount taken)], taking from each payee's receivables in the
    order given until its order total is used up."""
    taken: dict[str, list[tuple[int, Decimal]]] = {}
    for payee, total in totals.items():
        left = money(total)
        for receivable_id, remaining in receivables.get(payee, []):
            if left <= ZERO:
                break
            take = min(left, money(remaining))
            if take > ZERO:
                taken.setdefault(payee, []).append((receivable_id, take))
                left -= take
    return taken
