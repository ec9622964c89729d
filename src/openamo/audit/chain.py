"""The hash chain of the audit trail: pure functions, no Django, no I/O.

Each entry's hash covers its own canonical content and the previous entry's hash, so changing,
inserting or deleting one entry breaks every hash after it and names the first broken entry.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(payload: dict) -> str:
    """One text per payload, whatever the key order (dates and Decimals as their str)."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def text_hash(previous: str, text: str) -> str:
    """The hash of a payload already made canonical (a batch prepares its texts before it
    takes the chain's lock, and only chains the hashes under it)."""
    return hashlib.sha256((previous + text).encode()).hexdigest()


def entry_hash(previous: str, payload: dict) -> str:
    return text_hash(previous, canonical(payload))


@dataclass(frozen=True)
class Link:
    seq: int
    payload: dict
    previous: str
    hash: str


def chain_break(links: Iterable[Link], previous: str = GENESIS) -> Link | None:
    """The first link whose stored hashes do not follow from the content, or None."""
    for link in links:
        if link.previous != previous or entry_hash(previous, link.payload) != link.hash:
            return link
        previous = link.hash
    return None
