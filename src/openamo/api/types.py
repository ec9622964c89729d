"""Bounded integer types for identifiers and ranks taken from requests: a number the database
cannot hold is refused as a 422 naming the parameter, instead of reaching a query."""

from typing import Annotated

from pydantic import Field

MAX_ID = 2_147_483_647

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Rank = Annotated[int, Field(ge=0, le=99)]
