"""Security headers on every page; logins throttled after repeated failures."""

import pytest
from django.urls import reverse

from openamo.portal.models import LoginFailure
from openamo.portal.security import MAX_PER_ACCOUNT_AND_ADDRESS

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("portal:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_login_is_refused_after_five_failures_even_with_the_right_password(
    client, django_user_model
):
    django_user_model.objects.create_user("liquidateur", password="Bon-mot-de-passe-1")
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS):
        page = client.post(reverse("portal:login"), {"username": "liquidateur", "password": "faux"})
        assert "Trop de tentatives" not in page.content.decode()
    assert (
        LoginFailure.objects.filter(username="liquidateur").count() == MAX_PER_ACCOUNT_AND_ADDRESS
    )
    page = client.post(
        reverse("portal:login"), {"username": "liquidateur", "password": "Bon-mot-de-passe-1"}
    )
    assert page.status_code == 200 and "Trop de tentatives" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.ma", "Bon-mot-de-passe-1")
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS):
        client.post("/admin/login/", {"username": "admin", "password": "faux"})
    page = client.post("/admin/login/", {"username": "admin", "password": "Bon-mot-de-passe-1"})
    assert "Trop de tentatives" in page.content.decode()


def test_a_good_login_after_a_few_failures_goes_through(client, django_user_model):
    django_user_model.objects.create_user("agent", password="Bon-mot-de-passe-1")
    client.post(reverse("portal:login"), {"username": "agent", "password": "faux"})
    response = client.post(
        reverse("portal:login"), {"username": "agent", "password": "Bon-mot-de-passe-1"}
    )
    assert response.status_code == 302


def test_a_stranger_cannot_lock_the_real_user_out(client, django_user_model):
    """Finding 6: five bad passwords from another address do not block the right password."""
    django_user_model.objects.create_superuser("admin", "a@example.ma", "Bon-mot-de-passe-1")
    for _ in range(MAX_PER_ACCOUNT_AND_ADDRESS + 3):
        client.post(
            "/admin/login/", {"username": "admin", "password": "faux"}, REMOTE_ADDR="203.0.113.9"
        )
    stranger = client.post(
        "/admin/login/",
        {"username": "admin", "password": "Bon-mot-de-passe-1"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert "Trop de tentatives" in stranger.content.decode()
    owner = client.post(
        "/admin/login/",
        {"username": "admin", "password": "Bon-mot-de-passe-1"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert owner.status_code == 302
    assert client.session["_auth_user_id"]


def test_one_address_guessing_many_accounts_is_throttled(client, django_user_model):
    django_user_model.objects.create_user("agent", password="Bon-mot-de-passe-1")
    LoginFailure.objects.bulk_create(
        LoginFailure(username=f"compte{i}", address="203.0.113.9") for i in range(30)
    )
    page = client.post(
        reverse("portal:login"),
        {"username": "agent", "password": "Bon-mot-de-passe-1"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert "Trop de tentatives" in page.content.decode()
