"""Authentication for the REST API: bearer tokens (hashed at rest) or the staff session."""

import hashlib
import secrets
import time
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken

LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored."""
    raw = "oa_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], digest=_digest(raw))
    return token, raw


class TokenAuth(HttpBearer):
    """Bearer tokens, checked against the database at most once per CACHE_SECONDS per process
    (the eligibility path answers hundreds of requests a second): a revoked token or a
    deactivated user stops working within that delay."""

    CACHE_SECONDS = 30

    def __init__(self):
        super().__init__()
        self._cache: dict[str, tuple[float, object]] = {}

    def _lookup(self, digest: str):
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user

    def authenticate(self, request, token):
        digest = _digest(token)
        cached = self._cache.get(digest)
        if cached is None or cached[0] < time.monotonic():
            user = self._lookup(digest)
            if user is None:
                self._cache.pop(digest, None)
                return None
            if len(self._cache) > 10000:
                self._cache.clear()
            cached = (time.monotonic() + self.CACHE_SECONDS, user)
            self._cache[digest] = cached
        request.user = cached[1]
        return cached[1]


class StaffSessionAuth(SessionAuth):
    """The staff session, with Django's CSRF check; without a logged-in session there is
    nothing to protect, so a request with a missing or bad token answers 401 (authentication
    required) instead of a 403 CSRF failure."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)


token_auth = TokenAuth()
AUTH = [token_auth, StaffSessionAuth()]
