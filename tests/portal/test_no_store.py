"""Responses carrying personal or medical data are never stored by a browser or a proxy:
`Cache-Control: no-store` and `Pragma: no-cache` on the statements (page and PDF), the
insured space, the provider pages, the REST and the FHIR answers; static files keep caching."""

# ruff: noqa: F811  (fixtures imported from a shared module are named as arguments)

import json

import pytest
from django.urls import reverse

from openamo.api.auth import api_token_create
from tests.api.eligibility_fixtures import provider_user
from tests.api.fhir_builders import eligibility_body, named_patient
from tests.portal.test_insured import families, insured_user  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    assert response.status_code in (200, 201), response.status_code
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def test_medical_pages_and_answers_are_not_stored(client, families, django_user_model):
    member, claims = families
    mine = claims["mine"].reference
    client.force_login(insured_user(member))
    for url in (
        reverse("portal:insured_home"),
        reverse("portal:insured_claims"),
        reverse("portal:insured_statement", args=[mine]),
        reverse("portal:insured_statement_pdf", args=[mine]),
    ):
        assert_no_store(client.get(url))
    client.logout()
    client.force_login(provider_user("clinique"))
    assert_no_store(client.get(reverse("portal:provider_eligibility")))
    client.logout()
    staff = django_user_model.objects.create_superuser("agent", password="x-Secret-123")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=staff, name='t')[1]}"}
    assert_no_store(client.get(f"/api/v1/claims/{mine}", **bearer))
    assert_no_store(client.get(f"/api/v1/claims/{mine}/statement.pdf", **bearer))
    beneficiary = member.beneficiaries.get(rank=0)
    fhir = client.post(
        "/fhir/CoverageEligibilityRequest",
        json.dumps(eligibility_body(beneficiary, "consultation", **named_patient(beneficiary))),
        content_type="application/fhir+json",
        **bearer,
    )
    assert_no_store(fhir)
    assert_no_store(client.get(f"/fhir/ExplanationOfBenefit/{mine}", **bearer))


def test_an_error_answer_is_not_stored_either(client, db):
    response = client.get("/api/v1/members/eligibility?care_category=consultation")
    assert response.status_code == 401 and "no-store" in response["Cache-Control"]
