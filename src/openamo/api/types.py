"""Bounded types for what requests carry: a number the database cannot hold, a text longer
than its column or an amount beyond what a money column holds is refused as a 422 naming the
field, instead of reaching a query or a computation.

`InputSchema` bounds every field of an input schema generically: a text by the `max_length` of
the model column of the same name (the model named in a nested `class Columns: model = ...`,
`fields` mapping a schema field to another column name), else by TEXT_MAX; a decimal by the
column's digits and places, else by MAX_AMOUNT; NaN and infinities are refused everywhere.
"""

import types
from decimal import Decimal
from typing import Annotated, Union, get_args, get_origin

from annotated_types import MaxLen
from django.core.exceptions import FieldDoesNotExist
from ninja import Schema
from pydantic import Field, WithJsonSchema

from openamo.core.money import MAX_AMOUNT

MAX_ID = 2_147_483_647
TEXT_MAX = 255

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Rank = Annotated[int, Field(ge=0, le=99)]
Amount = Annotated[Decimal, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]


def _column(cls, name: str):
    columns = cls.__dict__.get("Columns")
    model = getattr(columns, "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(getattr(columns, "fields", {}).get(name, name))
    except FieldDoesNotExist:
        return None


def _bound(tp, column):
    """The type with its bound, looking inside `X | None`; lists and schemas are left alone
    (their own items are schemas bounded the same way)."""
    if get_origin(tp) in (Union, types.UnionType):
        return Union[tuple(_bound(arg, column) for arg in get_args(tp))]  # noqa: UP007
    if tp is str:
        length = getattr(column, "max_length", None) or TEXT_MAX
        return Annotated[str, MaxLen(length)]
    if tp is Decimal:
        digits = getattr(column, "max_digits", None)
        if digits:
            places = column.decimal_places
            return Annotated[
                Decimal, Field(max_digits=digits, decimal_places=places, allow_inf_nan=False)
            ]
        return Amount
    return tp


class InputSchema(Schema):
    """A request body schema whose texts and numbers are bounded (see the module's doc)."""

    def __init_subclass__(cls, **kwargs):
        annotations = cls.__dict__.get("__annotations__", {})
        for name, tp in list(annotations.items()):
            if not name.startswith("_"):
                annotations[name] = _bound(tp, _column(cls, name))
        super().__init_subclass__(**kwargs)


def one_of(choices) -> type:
    """A text field holding one of a TextChoices' codes, documented as an enum."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(choices.values)})]


# an amount or a rate written as text with a dot: "80.00", "70.5"
DecimalText = Annotated[str, WithJsonSchema({"type": "string", "format": "decimal"})]
# a Decimal answered as text ("80.00"), documented so
DecimalOut = Annotated[Decimal, WithJsonSchema({"type": "string", "format": "decimal"})]
