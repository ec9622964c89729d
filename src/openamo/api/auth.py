"""Authentication for the REST API: bearer tokens (hashed at rest) or the staff session."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

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
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            # one write a minute per token, not one per request (eligibility hot path)
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


token_auth = TokenAuth()
AUTH = [token_auth, django_auth]
