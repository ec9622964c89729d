"""Bounded integer types for identifiers and ranks taken from requests: a number the database
cannot hold is refused as a 422 naming the parameter, instead of reaching a query."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field, WithJsonSchema

MAX_ID = 2_147_483_647

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Rank = Annotated[int, Field(ge=0, le=99)]


def one_of(choices) -> type:
    """A text field holding one of a TextChoices' codes, documented as an enum."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(choices.values)})]


# an amount or a rate written as text with a dot: "80.00", "70.5"
DecimalText = Annotated[str, WithJsonSchema({"type": "string", "format": "decimal"})]
# a Decimal answered as text ("80.00"), documented so
DecimalOut = Annotated[Decimal, WithJsonSchema({"type": "string", "format": "decimal"})]
