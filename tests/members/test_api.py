"""GET /api/v1/members/eligibility: JSON answers, field-named errors, authentication."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from openamo.api.auth import api_token_create
from openamo.members import services
from openamo.members.selectors import scheme_rates_cache_clear

from .helpers import child_add, condition_make, member_make

URL = "/api/v1/members/eligibility"


@pytest.fixture
def token(db):
    user = get_user_model().objects.create_user("agent", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_beneficiary"))
    _, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def family(cnops):
    scheme_rates_cache_clear()
    member = member_make(cnops)
    kid = child_add(member)
    services.ald_exemption_grant(
        beneficiary=member.beneficiaries.get(rank=0),
        condition=condition_make("ALD8", lifetime=True),
        starts_on=date(2020, 1, 1),
    )
    return member, kid


def test_by_registration_number(client, token, family):
    member, _ = family
    response = client.get(
        URL,
        {
            "registration_number": member.registration_number,
            "date": "2024-06-01",
            "care_category": "consultation",
        },
        **token,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True and body["reasons"] == []
    assert body["beneficiary"]["registration_number"] == member.registration_number
    assert body["beneficiary"]["role"] == "member"
    assert (body["scheme"], body["rate"], body["ald_rate"]) == ("cnops", "80.000", "100.000")
    assert body["ald_exemption"] is True
    assert "ALD8" not in response.content.decode() and "Diabète" not in response.content.decode()


def test_child_by_registration_number_and_birth_date_hits_the_age_limit(client, token, family):
    member, _ = family
    params = {
        "registration_number": member.registration_number,
        "birth_date": "2003-03-15",
        "care_category": "medicine",
    }
    ok = client.get(URL, params | {"date": "2024-03-14"}, **token).json()
    assert ok["eligible"] is True and ok["rate"] == "70.000"
    late = client.get(URL, params | {"date": "2024-03-15"}, **token).json()
    assert late["eligible"] is False
    assert [r["code"] for r in late["reasons"]] == ["age_limit_reached"]


def test_by_cin_and_birth_date(client, token, family):
    body = client.get(
        URL,
        {
            "cin": "ab123456",
            "birth_date": "1980-05-10",
            "care_category": "biology",
            "date": "2024-01-01",
        },
        **token,
    ).json()
    assert body["eligible"] is True and body["beneficiary"]["last_name"] == "Alaoui"
    unknown = client.get(
        URL,
        {"cin": "AB123456", "birth_date": "1980-05-11", "care_category": "biology"},
        **token,
    ).json()
    assert [r["code"] for r in unknown["reasons"]] == ["unknown_beneficiary"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cin": "12ZZ", "birth_date": "1980-05-10"}, "cin"),
        ({"cin": "AB123456"}, "birth_date"),
        ({"registration_number": "1", "date": "2024-13-01"}, "date"),
        ({"registration_number": "1", "sector": "moon"}, "sector"),
        ({}, "registration_number"),
    ],
)
def test_bad_input_names_the_field(client, token, family, params, field):
    response = client.get(URL, {"care_category": "consultation"} | params, **token)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_unknown_care_category_is_a_400(client, token, family):
    response = client.get(URL, {"registration_number": "1", "care_category": "magic"}, **token)
    assert response.status_code == 400
    assert "care_category" in response.json()["errors"]


def test_missing_care_category_is_a_422_naming_it(client, token, family):
    response = client.get(URL, {"registration_number": "1"}, **token)
    assert response.status_code == 422
    assert "care_category" in str(response.json())


def test_unauthenticated_is_401(client, family):
    response = client.get(URL, {"registration_number": "1", "care_category": "consultation"})
    assert response.status_code == 401
    assert response.json() == {"detail": "authentification requise"}
