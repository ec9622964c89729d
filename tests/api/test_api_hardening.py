"""Findings 4, 5 and 6 (REST): amounts bounded, texts no longer than their column, every schema
named once in the OpenAPI document, 401 (not a CSRF 403) without a token, Swagger UI served
from our own static files."""

import json

import pytest
from ninja import Schema

from openamo.api.v1 import api
from openamo.claims.models import Claim
from openamo.contributions.models import Declaration
from tests.api.test_api_scoping import batch_body, claim_body, declaration_body, request_body
from tests.api.world import world_create

pytestmark = pytest.mark.django_db

CLAIMS, DECLARATIONS = "/api/v1/claims/", "/api/v1/contributions/declarations"


@pytest.fixture
def world(cnops):
    return world_create(cnops)


def post(client, url, body, token):
    return client.post(url, json.dumps(body), content_type="application/json", **token)


def test_a_huge_or_not_finite_amount_is_a_field_error_not_a_500(client, world):
    for salary in ["1e30", "NaN", "Infinity", "-1", "1000000000000"]:
        body = declaration_body(world)
        body["lines"][0]["gross_salary"] = salary
        response = post(client, DECLARATIONS, body, world.tokens["employer_1"])
        assert response.status_code == 400, (salary, response.content)
        assert list(response.json()["errors"]) == ["lines.1.gross_salary"]
    assert Declaration.objects.count() == 2  # the world's two, nothing more
    for charged in ["1e30", "NaN", "Infinity", 1e300, "123456789012345.5"]:
        body = claim_body(world)
        body["lines"][0]["charged"] = charged
        response = post(client, CLAIMS, body, world.tokens["gp"])
        assert response.status_code == 422, (charged, response.content)
        assert list(response.json()["errors"]) == ["lines.1.charged"]
    assert Claim.objects.count() == 1


def test_a_text_longer_than_its_column_is_refused_at_the_edge(client, world):
    for field in ["code", "ald_code", "authorization_ref", "executor_inpe", "kind"]:
        body = claim_body(world)
        body["lines"][0][field] = "A" * 10_000
        response = post(client, CLAIMS, body, world.tokens["gp"])
        assert response.status_code == 422, response.content
        assert response.json()["errors"] == {f"lines.1.{field}": ["texte trop long"]}
    body = claim_body(world)
    body["ald_code"] = "A" * 21
    assert post(client, CLAIMS, body, world.tokens["gp"]).json()["errors"] == {
        "ald_code": ["texte trop long"]
    }
    assert Claim.objects.count() == 1


def test_texts_of_every_submission_are_bounded(client, world):
    body = request_body(world)
    body["diagnosis"] = "K" * 11  # the column holds 10
    response = post(client, "/api/v1/authorizations/requests", body, world.tokens["clinic"])
    assert response.status_code == 422 and "diagnosis" in response.json()["errors"]
    body = batch_body(world, "F" * 51)
    response = post(client, "/api/v1/authorizations/invoice-batches", body, world.tokens["clinic"])
    assert response.status_code == 422 and "invoices.1.number" in response.json()["errors"]
    body = declaration_body(world)
    body["lines"][0]["registration_number"] = "9" * 10_000
    response = post(client, DECLARATIONS, body, world.tokens["employer_1"])
    assert (
        response.status_code == 422 and "lines.1.registration_number" in response.json()["errors"]
    )


def _models(annotation, found: set):
    """Every pydantic model reachable from a type."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        _models(arg, found)


def test_every_schema_of_the_openapi_document_is_named_once():
    """Finding 5: two models under one name make one silently replace the other."""
    used: set = set()
    for _path, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models(model, used)
                for response in (operation.response_models or {}).values():
                    _models(getattr(response, "__annotations__", {}).get("response"), used)
    by_name: dict[str, set] = {}
    for model in used:
        by_name.setdefault(model.__name__, set()).add(model)
    clashes = {name: models for name, models in by_name.items() if len(models) > 1}
    assert clashes == {}
    components = api.get_openapi_schema()["components"]["schemas"]
    declaration_in = components["DeclarationIn"]["properties"]["lines"]
    assert declaration_in["items"]["$ref"] == "#/components/schemas/DeclarationLineIn"
    assert "gross_salary" in components["DeclarationLineIn"]["properties"]
    assert "executor_inpe" in components["ClaimLineIn"]["properties"]
    named = {m.__name__ for m in used}
    assert named <= set(components) | {"Input"}, named - set(components)


def test_a_post_without_a_valid_token_is_a_401_not_a_csrf_failure(client, world):
    for token in [{}, {"HTTP_AUTHORIZATION": "Bearer oa_not-a-token"}]:
        response = post(client, CLAIMS, claim_body(world), token)
        assert response.status_code == 401
        assert response.json() == {"detail": "authentification requise"}
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)  # a staff session still needs its CSRF token
    browser.force_login(world.users["processor"])
    response = post(browser, CLAIMS, claim_body(world), {})
    assert response.status_code == 403


def test_the_api_docs_load_swagger_from_our_static_files(client, db):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
