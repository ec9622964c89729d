"""Cells of the homes' small tables: amounts in DH, dates in the French way, the rest as is."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.formats import date_format

from openamo.core.money import format_dh

register = template.Library()


@register.filter
def cell(value) -> str:
    if isinstance(value, Decimal):
        return format_dh(value)
    if isinstance(value, date):
        return date_format(value, "d/m/Y")
    return "" if value is None else str(value)
