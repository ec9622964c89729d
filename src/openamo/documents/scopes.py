"""Who may read a document is who may read the object it belongs to: each owning app registers,
for its model, a function `(user, owner_id) -> Owner | None` built on its own scoped selectors
(None: not visible to this user, the document answers 404)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    beneficiary_id: int | None = None  # whose data it is, for the read log


Resolver = Callable[[object, int], Owner | None]
_RESOLVERS: dict[str, Resolver] = {}


def register(label: str, resolver: Resolver) -> None:
    """`label` is the owner model's "app_label.modelname"."""
    _RESOLVERS[label.lower()] = resolver


def owner_visible(user, label: str, owner_id: int) -> Owner | None:
    resolver = _RESOLVERS.get(label.lower())
    return resolver(user, owner_id) if resolver is not None else None
