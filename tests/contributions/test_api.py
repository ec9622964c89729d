"""POST /api/v1/contributions/declarations and GET .../employers/{id}/calls."""

import json
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from openamo.api.auth import api_token_create
from openamo.contributions.models import Declaration

from .helpers import employer_make, member_make

URL = "/api/v1/contributions/declarations"


@pytest.fixture
def token(db):
    user = get_user_model().objects.create_user("rh", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_declaration", "view_contributioncall"])
    )
    _, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def company(cnss):
    return employer_make(cnss, name="Atlas SARL", cnss_number="1234567")


def post(client, token, body):
    return client.post(URL, json.dumps(body), content_type="application/json", **token)


def test_submit_a_declaration_then_read_the_calls(client, token, company, cnss):
    worker = member_make(cnss, company, "BE100001")
    body = {
        "employer_id": company.pk,
        "period": "2024-05",
        "lines": [
            {"registration_number": worker.registration_number, "gross_salary": "10000", "days": 26}
        ],
    }
    response = post(client, token, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["contribution_total"], data["due_on"]) == ("637.00", "2024-06-10")
    again = post(client, token, body)
    assert again.status_code == 400 and "déjà déclarée" in again.json()["errors"]["__all__"][0]
    calls = client.get(f"/api/v1/contributions/employers/{company.pk}/calls", **token).json()
    assert calls["count"] == 1
    assert [(c["period"], D(c["outstanding"])) for c in calls["items"]] == [
        ("2024-05-01", D("637.00"))
    ]


def test_bad_lines_are_named_by_field_and_nothing_is_stored(client, token, company, cnss):
    worker = member_make(cnss, company, "BE100001")
    response = post(
        client,
        token,
        {
            "employer_id": company.pk,
            "period": "2024-05",
            "lines": [
                {
                    "registration_number": worker.registration_number,
                    "gross_salary": "10000",
                    "days": 26,
                },
                {"cin": "ZZ000000", "gross_salary": "-1", "days": 99},
            ],
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lines.2.gross_salary", "lines.2.days"}
    assert Declaration.objects.count() == 0
    bad_period = post(client, token, {"employer_id": company.pk, "period": "mai", "lines": []})
    assert bad_period.status_code == 400 and "period" in bad_period.json()["errors"]


def test_permission_and_authentication(client, db, company):
    assert client.post(URL, "{}", content_type="application/json").status_code == 401
    user = get_user_model().objects.create_user("other", password="x")
    _, raw = api_token_create(user=user, name="t")
    response = client.post(
        URL,
        json.dumps({"employer_id": company.pk, "period": "2024-05", "lines": []}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
