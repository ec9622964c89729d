"""Money: Decimal dirhams, two places, ROUND_HALF_UP at the line level.

The rounding rule lives here and only here. Pure: no Django.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
THOUSANDS_SEPARATOR = "\u202f"  # narrow no-break space, French typography
# The largest amount a money column holds (MoneyField: 14 digits, 2 places); every amount read
# at the edge (API, forms, imported files) is checked against it, so nothing overflows later.
MAX_AMOUNT = Decimal("999999999999.99")


class MoneyError(ValueError):
    """A value that cannot be an amount of money."""


def money(value: Decimal | int | str) -> Decimal:
    """An amount rounded to the centime. Floats are refused: they cannot hold centimes exactly."""
    if type(value) is Decimal and value.is_finite():  # the common case, kept short
        try:
            return value.quantize(CENT, rounding=ROUND_HALF_UP)
        except InvalidOperation as exc:  # beyond the 28 significant digits of the context
            raise MoneyError(f"montant hors limites : {value!r}") from exc
    if isinstance(value, float):
        raise MoneyError("montant en virgule flottante refusé : utiliser Decimal ou une chaîne")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise MoneyError(f"montant invalide : {value!r}") from exc
    if not amount.is_finite():
        raise MoneyError(f"montant invalide : {value!r}")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise MoneyError(f"montant hors limites : {value!r}") from exc


def apply_rate(base: Decimal, rate_percent: Decimal) -> Decimal:
    """base × rate %, rounded once to the centime (the reimbursed part of a line)."""
    return money(base * rate_percent / HUNDRED)


def multiply(unit: Decimal, quantity: Decimal | int) -> Decimal:
    """unit value × quantity (coefficient, boxes, days), rounded once to the centime."""
    if isinstance(quantity, float):
        raise MoneyError("quantité en virgule flottante refusée : utiliser Decimal ou un entier")
    return money(unit * Decimal(quantity))


def clamp(amount: Decimal, floor: Decimal | None = None, ceiling: Decimal | None = None) -> Decimal:
    """The amount held between an optional floor and an optional ceiling."""
    if floor is not None and amount < floor:
        amount = floor
    if ceiling is not None and amount > ceiling:
        amount = ceiling
    return money(amount)


def format_dh(amount: Decimal) -> str:
    """French display: 1 234,50 DH (narrow no-break space for thousands)."""
    amount = money(amount)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{THOUSANDS_SEPARATOR.join(groups)},{cents} DH"
