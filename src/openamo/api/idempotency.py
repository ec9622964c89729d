"""Idempotency keys for every submission of the REST and FHIR APIs.

The key comes in the `Idempotency-Key` header (or the body field kept for older clients).
A retry with the same key and the same payload gets the record made the first time (200);
the same key with another payload, from another user, or already taken by a record made outside
the API (a page, a file import) is a 409 naming `Idempotency-Key`. A race on one key cannot make
two records: the domain tables hold the key under a unique constraint, and so does
`IdempotentSubmission`, written in the same transaction as the record.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import IdempotentSubmission

HEADER = "Idempotency-Key"
MAX_LENGTH = 100
CONFLICT = (
    "clé déjà utilisée pour une autre demande : renvoyer exactement la même demande, "
    "ou choisir une nouvelle clé"
)


class IdempotencyConflict(Exception):
    def __init__(self, message: str = CONFLICT):
        super().__init__(message)
        self.message = message


def key_of(request, body_key: str | None = None) -> str | None:
    """The key sent (header first), checked; None without one."""
    header = (request.headers.get(HEADER) or "").strip()
    body = (body_key or "").strip()
    if header and body and header != body:
        raise ValidationError({HEADER: "diffère du champ idempotency_key du corps"})
    key = header or body
    if len(key) > MAX_LENGTH:
        raise ValidationError({HEADER: f"{MAX_LENGTH} caractères au plus"})
    return key or None


def fingerprint(payload) -> str:
    """A digest of what was asked (the key itself left out by the caller)."""
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def replay(*, kind: str, key: str, user, fingerprint: str, taken: Callable[[], bool]) -> str | None:
    """The reference of the record made under this key for this same payload and user; None
    when the key is new; `IdempotencyConflict` otherwise. `taken` tells whether a domain
    record already holds the key (made outside the API)."""
    row = IdempotentSubmission.objects.filter(kind=kind, key=key).first()
    if row is not None:
        if row.user_id != user.pk or row.fingerprint != fingerprint:
            raise IdempotencyConflict
        return row.reference
    if taken():
        raise IdempotencyConflict("clé déjà utilisée par un enregistrement fait hors de l'API")
    return None


def remember(*, kind: str, key: str, user, fingerprint: str, reference: str) -> bool:
    """Record the submission inside the caller's transaction: True when this request made the
    record (201). If a concurrent request recorded the same key first, the same payload is
    that request's record (False: 200; the service returned it), another one a conflict."""
    try:
        with transaction.atomic():
            IdempotentSubmission.objects.create(
                kind=kind, key=key, user=user, fingerprint=fingerprint, reference=reference
            )
        return True
    except IntegrityError:
        found = replay(kind=kind, key=key, user=user, fingerprint=fingerprint, taken=lambda: False)
        if found != reference:
            raise IdempotencyConflict from None
        return False
