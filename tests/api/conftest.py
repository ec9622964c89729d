"""Fixtures for the API tests: a small fund (tariffs, providers, one family) and a bearer token."""

import json

import fhirkit
import pytest

from openamo.api.auth import api_token_create
from tests.claims.db_builders import family_create, providers_create, tariffs_create


@pytest.fixture
def fund(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


@pytest.fixture
def api_user(django_user_model):
    """Staff allowed everything (the scoping by role is pinned in test_api_scoping.py)."""
    return django_user_model.objects.create_superuser("logiciel-clinique", password="x-Secret-123")


@pytest.fixture
def bearer(api_user):
    _, raw = api_token_create(user=api_user, name="tests FHIR")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def nulls(value, path="$"):
    """Every path holding a JSON null (FHIR forbids them), or an empty list or object."""
    if value is None or value == [] or value == {}:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for n, v in enumerate(value) for p in nulls(v, f"{path}[{n}]")]
    return []


def r4_issues(data) -> list[str]:
    """What makes `data` invalid FHIR R4 (4.0.1), checked against the R4 definitions."""
    return [f"{i.path}: {i.message}" for i in fhirkit.validate(data) if i.severity == "error"]


def fhir(response, model, status=200):
    """Check the status and content type, that the body has no null and is valid FHIR R4
    (4.0.1), and parse it back."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith("application/fhir+json")
    data = json.loads(response.content)
    assert nulls(data) == []
    assert r4_issues(data) == []
    return model.model_validate(data)
