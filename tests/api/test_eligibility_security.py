"""Finding 1 of the security audit: a provider asks eligibility by two identifiers, a wrong
one is answered like an unknown person, no answer carries a diagnosis, every read is logged,
each token is rate-limited (429 with Retry-After) and a burst of misses raises one alert."""

# ruff: noqa: F811  (fixtures imported from a shared module are named as arguments)

import json

import pytest
from django.test import override_settings

from openamo.api.fhir import systems
from openamo.audit.models import AccessLog
from tests.api.eligibility_fixtures import (  # noqa: F401  (fixtures)
    DIAGNOSIS,
    bearer_of,
    clinic,
    clinic_bearer,
    family,
)
from tests.api.fhir_builders import eligibility_body, named_patient
from tests.claims.db_builders import CLINIC

pytestmark = pytest.mark.django_db
URL = "/api/v1/members/eligibility"


def ask(client, bearer, **params):
    query = {"care_category": "consultation", "date": "2025-03-10"} | params
    return client.get(URL, query, **bearer)


def fhir_ask(client, bearer, body):
    return client.post(
        "/fhir/CoverageEligibilityRequest",
        json.dumps(body),
        content_type="application/fhir+json",
        **bearer,
    )


def test_a_provider_names_the_beneficiary_by_number_and_birth_date(client, family, clinic_bearer):
    member, child = family
    own = ask(
        client,
        clinic_bearer,
        registration_number=member.registration_number,
        birth_date="1980-05-10",
    ).json()
    assert own["eligible"] is True and own["beneficiary"]["last_name"] == "Alaoui"
    kid = ask(
        client,
        clinic_bearer,
        registration_number=member.registration_number,
        rank=1,
        birth_date="2010-03-15",
    ).json()
    assert kid["eligible"] is True and kid["beneficiary"]["rank"] == 1
    by_cin = ask(client, clinic_bearer, cin="AB123456", birth_date="1980-05-10").json()
    assert by_cin["eligible"] is True and by_cin["beneficiary"]["rank"] == 0


def test_a_wrong_identifier_is_answered_like_an_unknown_person(client, family, clinic_bearer):
    member, _ = family
    regno = member.registration_number
    unknown = ask(client, clinic_bearer, registration_number="999999999", birth_date="1980-05-10")
    answers = [
        ask(client, clinic_bearer, registration_number=regno, birth_date="1980-05-11"),
        ask(client, clinic_bearer, registration_number=regno, rank=1, birth_date="1980-05-10"),
        ask(client, clinic_bearer, cin="AB123456", birth_date="1981-05-10"),
        unknown,
    ]
    assert {r.status_code for r in answers} == {200}
    assert {r.content for r in answers} == {unknown.content}
    body = unknown.json()
    assert body["beneficiary"] is None and body["eligible"] is False
    assert [r["code"] for r in body["reasons"]] == ["unknown_beneficiary"]


def test_a_provider_without_the_birth_date_gets_a_400_naming_it(client, family, clinic_bearer):
    member, _ = family
    response = ask(client, clinic_bearer, registration_number=member.registration_number)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["birth_date"]
    assert not AccessLog.objects.exists()


def test_staff_with_the_permission_still_ask_by_one_identifier(client, family, api_user):
    member, _ = family
    body = ask(client, bearer_of(api_user), registration_number=member.registration_number).json()
    assert body["eligible"] is True and body["ald_exemption"] is True


def test_no_answer_carries_the_diagnosis(client, family, clinic, clinic_bearer, api_user):
    member, _ = family
    two = {"registration_number": member.registration_number, "birth_date": "1980-05-10"}
    rest = ask(client, clinic_bearer, **two)
    assert rest.json()["ald_exemption"] is True and rest.json()["ald_rate"] == "100.000"
    staff = ask(client, bearer_of(api_user), registration_number=member.registration_number)
    body = eligibility_body(member, "consultation", **named_patient(member))
    fhir = fhir_ask(client, clinic_bearer, body)
    assert fhir.status_code == 200
    client.force_login(clinic)
    page = client.get(
        "/prestataire/eligibilite/", two | {"day": "2025-03-10", "care_category": "consultation"}
    )
    assert "Oui, en cours" in page.content.decode()
    for response in (rest, staff, fhir, page):
        text = response.content.decode()
        assert not [d for d in DIAGNOSIS if d in text], text
    assert "ALD8" not in json.dumps(client.get("/api/v1/openapi.json").json()["components"])


def test_fhir_takes_the_two_identifiers_from_a_contained_patient(client, family, clinic_bearer):
    member, child = family
    ok = fhir_ask(
        client, clinic_bearer, eligibility_body(child, "consultation", **named_patient(child))
    )
    answer = ok.json()
    assert answer["insurance"][0]["inforce"] is True
    assert answer["patient"] == {
        "identifier": {"system": systems.BENEFICIARY, "value": f"{child.registration_number}-1"}
    }
    by_cin = fhir_ask(
        client,
        clinic_bearer,
        eligibility_body(member, "consultation", **named_patient(member, system=systems.CIN)),
    )
    assert by_cin.json()["insurance"][0]["inforce"] is True
    wrong = fhir_ask(
        client,
        clinic_bearer,
        eligibility_body(member, "consultation", **named_patient(member, birth_date="1980-05-11")),
    )
    unknown = fhir_ask(
        client,
        clinic_bearer,
        eligibility_body(member, "consultation", **named_patient(member, value="999999999-0")),
    )
    assert "insurance" not in wrong.json()
    assert wrong.json()["error"] == unknown.json()["error"]
    assert wrong.json()["error"][0]["code"]["coding"][0]["code"] == "unknown_beneficiary"
    bare = fhir_ask(client, clinic_bearer, eligibility_body(member, "consultation"))
    assert bare.status_code == 400
    assert bare.json()["issue"][0]["expression"] == [
        "CoverageEligibilityRequest.contained.birthDate"
    ]


def test_every_read_is_logged_hit_or_miss(client, family, clinic, clinic_bearer):
    member, _ = family
    ask(
        client,
        clinic_bearer,
        registration_number=member.registration_number,
        birth_date="1980-05-10",
    )
    ask(
        client,
        clinic_bearer,
        registration_number=member.registration_number,
        birth_date="1999-01-01",
    )
    fhir_ask(
        client, clinic_bearer, eligibility_body(member, "consultation", **named_patient(member))
    )
    rows = list(AccessLog.objects.order_by("id"))
    assert [(r.what, r.found, r.beneficiary_id, r.provider_inpe, r.where) for r in rows] == [
        ("eligibility", True, member.pk, CLINIC, URL),
        ("eligibility", False, None, CLINIC, URL),
        ("eligibility", True, member.pk, CLINIC, "/fhir/CoverageEligibilityRequest"),
    ]
    assert {r.user_id for r in rows} == {clinic.pk}


@override_settings(ELIGIBILITY_RATE="3/minute")
def test_each_token_is_rate_limited_with_retry_after(client, family, clinic, clinic_bearer):
    member, _ = family
    two = {"registration_number": member.registration_number, "birth_date": "1980-05-10"}
    assert [ask(client, clinic_bearer, **two).status_code for _ in range(3)] == [200] * 3
    refused = ask(client, clinic_bearer, **two)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Trop de demandes d'éligibilité")
    outcome = fhir_ask(
        client, clinic_bearer, eligibility_body(member, "consultation", **named_patient(member))
    )
    assert outcome.status_code == 429 and int(outcome["Retry-After"]) >= 1
    assert outcome.json()["issue"][0]["code"] == "throttled"
    other = bearer_of(clinic, "second logiciel")
    assert ask(client, other, **two).status_code == 200  # per token
    assert AccessLog.objects.count() == 4  # refused calls read nothing


@override_settings(ELIGIBILITY_RATE="2/minute")
def test_the_page_is_rate_limited_per_provider_user(client, family, clinic):
    member, _ = family
    client.force_login(clinic)
    query = {
        "registration_number": member.registration_number,
        "birth_date": "1980-05-10",
        "day": "2025-03-10",
        "care_category": "consultation",
    }
    codes = [client.get("/prestataire/eligibilite/", query).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.get("/prestataire/eligibilite/", query)
    assert "Trop de demandes d" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
