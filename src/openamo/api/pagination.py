"""Pagination of every REST list: `limit` (1 to MAX_LIMIT, default DEFAULT_LIMIT) and `offset`
in the query; the answer is `{count, limit, offset, items}`, `count` being the total number
of rows the user may see with the filters given."""

from collections.abc import Callable

from ninja import Query, Schema
from pydantic import create_model

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"taille de page (≤ {MAX_LIMIT})")
OFFSET = Query(0, ge=0, le=10_000_000, description="rang du premier élément (0 au début)")


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[item], ...),
    )


def paginate(queryset, *, limit: int, offset: int, render: Callable) -> dict:
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": [render(row) for row in queryset[offset : offset + limit]],
    }
