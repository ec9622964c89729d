"""Every REST list is paginated (`limit` ≤ 200, `offset`, total `count`), and every 4xx is
JSON in the house shape, in French, naming the field."""

from datetime import date, timedelta

import pytest

from openamo.api.pagination import MAX_LIMIT
from openamo.claims.services import LineInput, claim_submit
from tests.api.world import world_create
from tests.authorizations.builders import DAY
from tests.claims.db_builders import GP

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops):
    w = world_create(cnops)
    for n in range(1, 8):
        claim_submit(
            beneficiary=w.child_a,
            channel="electronic",
            deposit_date=date(2025, 3, 20) + timedelta(days=n),
            lines=[LineInput("act", "C", DAY, GP)],
        )
    return w


def test_pages_walk_the_list_newest_first(client, world):
    token, url = world.tokens["gp"], "/api/v1/claims/"
    first = client.get(url, {"limit": 3}, **token).json()
    assert (first["count"], first["limit"], first["offset"], len(first["items"])) == (8, 3, 0, 3)
    assert [c["deposit_date"] for c in first["items"]] == ["2025-03-27", "2025-03-26", "2025-03-25"]
    last = client.get(url, {"limit": 3, "offset": 6}, **token).json()
    assert [c["reference"] for c in last["items"]][-1] == world.claim.reference
    seen = {
        c["reference"]
        for offset in (0, 3, 6)
        for c in client.get(url, {"limit": 3, "offset": offset}, **token).json()["items"]
    }
    assert len(seen) == 8
    beyond = client.get(url, {"offset": 50}, **token).json()
    assert (beyond["count"], beyond["items"]) == (8, [])
    default = client.get(url, **token).json()
    assert default["limit"] == 50 and len(default["items"]) == 8
    filtered = client.get(url, {"registration_number": "999"}, **token).json()
    assert filtered["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": MAX_LIMIT + 1}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset")],
)
def test_page_bounds_are_422_naming_the_parameter(client, world, params, field):
    response = client.get("/api/v1/claims/", params, **world.tokens["gp"])
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "données invalides" and list(answer["errors"]) == [field]


def test_every_list_endpoint_is_paginated(client, world):
    for url, role in [
        ("/api/v1/authorizations/requests", "clinic"),
        ("/api/v1/authorizations/invoice-batches", "clinic"),
        ("/api/v1/authorizations/invoices", "clinic"),
        ("/api/v1/contributions/declarations", "contributions"),
        (f"/api/v1/contributions/employers/{world.employer_1.pk}/calls", "employer_1"),
    ]:
        page = client.get(url, {"limit": 1}, **world.tokens[role]).json()
        assert set(page) == {"count", "limit", "offset", "items"}, url
        assert page["count"] >= 1 and len(page["items"]) == 1, url
        too_big = client.get(url, {"limit": 1000}, **world.tokens[role])
        assert too_big.status_code == 422 and "limit" in too_big.json()["errors"], url


def test_errors_are_french_json(client, world):
    token = world.tokens["gp"]
    missing = client.get("/api/v1/claims/DM2025999999999", **token)
    assert (missing.status_code, missing.json()) == (404, {"detail": "Dossier introuvable"})
    no_category = client.get(
        "/api/v1/members/eligibility", {"registration_number": "1"}, **token
    ).json()
    assert no_category == {
        "detail": "données invalides",
        "errors": {"care_category": ["champ obligatoire"]},
    }
    bad_body = client.post("/api/v1/claims/", "{", content_type="application/json", **token).json()
    assert bad_body == {"detail": "corps illisible", "errors": {"body": ["JSON invalide"]}}
    forbidden = client.get("/api/v1/contributions/declarations", **token)
    assert (forbidden.status_code, forbidden.json()) == (403, {"detail": "accès refusé"})
    anonymous = client.get("/api/v1/claims/")
    assert (anonymous.status_code, anonymous.json()) == (
        401,
        {"detail": "authentification requise"},
    )


def test_nul_characters_are_refused_before_any_query(client, world):
    token = world.tokens["gp"]
    query = client.get("/api/v1/claims/", {"status": "a\x00b"}, **token)
    assert query.status_code == 422
    assert query.json()["errors"] == {"status": ["caractère NUL interdit"]}
    body = client.post(
        "/api/v1/claims/", '{"cin": "A\\u0000"}', content_type="application/json", **token
    )
    assert body.status_code == 422 and list(body.json()["errors"]) == ["body"]
    fhir_search = client.get("/fhir/ExplanationOfBenefit", {"patient": "\x00"}, **token)
    assert fhir_search.status_code == 400
