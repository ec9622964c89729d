"""A per-process cache of values built from the referentials, never stale.

Each use reads the referential stamp (one indexed one-row query); when its token differs from
the one the cached values were built under, they are dropped and built again. The token changes
in the very transaction that writes any referential row (database triggers, `stamp_sql`), and it
is random, so a rolled-back change never brings an old token back. The stamp is read before the
values are built: a change committed while building makes the next use rebuild.
"""

import uuid
from collections.abc import Callable, Hashable
from typing import Any

from .models import ReferentialStamp

MAX_VALUES = 64  # keys per token (values by day, e.g. the fraud rules' context)

# the token and the values built under it, replaced together (a thread that read an older token
# fills its own dict, never the one of a newer token)
_store: tuple[str | None, dict[Hashable, Any]] = (None, {})


def stamp_read() -> str:
    """The current token; a new random one when the stamp row is missing (nothing is reused)."""
    token = ReferentialStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or f"missing-{uuid.uuid4().hex}"


def referential_cached(key: Hashable, build: Callable[[], Any], token: str | None = None) -> Any:
    """The value `build()` returns, built once per referential version in this process.
    `token` lets a caller that needs several values read the stamp once."""
    global _store
    token = token or stamp_read()
    current, values = _store
    if token != current:
        values = {}
        _store = (token, values)
    if key not in values:
        if len(values) >= MAX_VALUES:
            values.clear()
        values[key] = build()
    return values[key]


def referential_cache_clear() -> None:
    global _store
    _store = (None, {})
