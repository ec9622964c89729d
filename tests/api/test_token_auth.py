"""Bearer tokens: hashed at rest, cached briefly per process, revocation honoured."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from openamo.api.auth import TokenAuth, api_token_create
from openamo.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_never_stored(django_user_model):
    user = django_user_model.objects.create_user("clinique", password="x-Secret-123")
    token, raw = api_token_create(user=user, name="logiciel de la clinique")
    assert raw.startswith("oa_") and raw not in (token.digest, token.prefix + token.digest)
    assert ApiToken.objects.filter(digest__contains=raw).count() == 0


def test_a_revoked_token_stops_working_once_the_cache_expires(django_user_model, monkeypatch):
    user = django_user_model.objects.create_user("clinique", password="x-Secret-123")
    token, raw = api_token_create(user=user, name="logiciel")
    auth, request = TokenAuth(), RequestFactory().get("/api/v1/")
    clock = [1000.0]
    monkeypatch.setattr("openamo.api.auth.time.monotonic", lambda: clock[0])
    assert auth.authenticate(request, raw) == user
    assert auth.authenticate(request, "oa_wrong") is None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert auth.authenticate(request, raw) == user  # still cached
    clock[0] += TokenAuth.CACHE_SECONDS + 1
    assert auth.authenticate(request, raw) is None
