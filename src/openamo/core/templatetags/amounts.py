"""French display of amounts, rates and quantities in every page: {% load amounts %}."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

from openamo.core.money import format_dh

# The currency as each language writes it after the amount (French: "DH").
CURRENCY = {"ar": "درهم"}

register = template.Library()


@register.filter
def dh(value) -> str:
    """1 234,50 DH (1 234,50 درهم in Arabic); a dash for a missing amount."""
    if value in (None, ""):
        return "—"
    try:
        text = format_dh(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
    currency = CURRENCY.get((get_language() or "fr")[:2])
    return f"{text[:-3]}\u00a0{currency}" if currency else text


@register.filter
def pct(value) -> str:
    """80 %, 72,5 %."""
    if value in (None, ""):
        return "—"
    number = Decimal(str(value)).normalize()
    return f"{number:f}".replace(".", ",") + "\u00a0%"


@register.filter
def qty(value) -> str:
    """2, 1,5 (no trailing zeros)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)).normalize():f}".replace(".", ",")


@register.filter
def number(value) -> str:
    """12 345 or 1 234,5: French grouping, no trailing zeros (counts and chart figures)."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    except (InvalidOperation, ValueError):
        return str(value)
    whole, _, decimals = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u202f")
    sign = "-" if number < 0 else ""
    return sign + grouped + ("," + decimals if decimals else "")
