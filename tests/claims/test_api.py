"""REST: submit a claim (idempotent), read it with its statement, download the statement."""

import pytest

from openamo.api.auth import api_token_create
from openamo.claims.models import Claim
from openamo.claims.services import claim_adjudicate
from tests.claims.db_builders import (
    BRAND,
    GP,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)
from tests.claims.ui_helpers import PROCESSOR_PERMS, claim_make, user_with

URL = "/api/v1/claims/"


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


@pytest.fixture
def auth(django_user_model):
    user = user_with(django_user_model, "flux-prestataire", *PROCESSOR_PERMS)
    _, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def body(member, **kw):
    data = {
        "registration_number": member.registration_number,
        "rank": member.rank,
        "deposit_date": "2025-03-20",
        "channel": "electronic",
        "lines": [
            {"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP},
            {
                "kind": "medicine",
                "code": BRAND,
                "care_date": "2025-03-10",
                "executor_inpe": PHARMACY,
                "quantity": "2",
                "charged": "200.00",
            },
        ],
    }
    data.update(kw)
    return data


def post(client, data, auth, **headers):
    return client.post(URL, data, content_type="application/json", **auth, **headers)


def test_a_claim_is_created_once_whatever_the_retries(client, family, auth):
    member, _ = family
    first = post(client, body(member), auth, HTTP_IDEMPOTENCY_KEY="flux-42")
    assert first.status_code == 201
    created = first.json()
    assert created["reference"].startswith("DM2025") and created["status"] == "received"
    assert created["idempotency_key"] == "flux-42" and created["statement"] is None
    assert [x["code"] for x in created["lines"]] == ["C", BRAND]
    retry = post(client, body(member), auth, HTTP_IDEMPOTENCY_KEY="flux-42")
    assert retry.status_code == 200 and retry.json()["reference"] == created["reference"]
    in_body = post(client, body(member, idempotency_key="flux-43"), auth)
    again = post(client, body(member, idempotency_key="flux-43"), auth)
    assert (in_body.status_code, again.status_code) == (201, 200)
    assert Claim.objects.count() == 2


def test_rule_errors_are_400_and_name_the_line_and_field(client, family, auth):
    member, _ = family
    data = body(member)
    data["lines"][1]["executor_inpe"] = "12"
    data["lines"][0]["care_date"] = "2025-04-01"
    response = post(client, data, auth)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"lines.1.care_date", "lines.2.executor_inpe"}
    unknown = post(client, body(member, registration_number="000", channel="fax"), auth)
    assert unknown.status_code == 400
    assert set(unknown.json()["errors"]) == {"registration_number", "channel"}
    assert not Claim.objects.exists()


def test_shape_errors_are_422_and_locate_the_field(client, family, auth):
    member, _ = family
    data = body(member)
    del data["lines"][0]["executor_inpe"]
    data["deposit_date"] = "20/03/2025"
    response = post(client, data, auth)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "données invalides"
    assert answer["errors"]["lines.1.executor_inpe"] == ["champ obligatoire"]
    assert "deposit_date" in answer["errors"]


def test_a_claim_submitted_for_adjudication_answers_with_its_statement(client, family, auth):
    member, _ = family
    response = post(client, body(member, adjudicate=True), auth, HTTP_IDEMPOTENCY_KEY="flux-7")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "adjudicated"
    statement = data["statement"]
    assert (statement["version"], statement["outcome"], statement["total_reimbursed"]) == (
        1,
        "accepted",
        "148.00",
    )
    assert [x["reimbursed"] for x in statement["lines"]] == ["64.00", "84.00"]
    retry = post(client, body(member, adjudicate=True), auth, HTTP_IDEMPOTENCY_KEY="flux-7")
    assert retry.status_code == 200 and retry.json()["statement"]["version"] == 1


def test_a_claim_reads_with_its_statement_lines(client, family, auth):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member))
    response = client.get(f"{URL}{claim.reference}", **auth)
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["status_label"]) == ("adjudicated", "Liquidé")
    statement = data["statement"]
    assert (statement["version"], statement["outcome"], statement["total_reimbursed"]) == (
        1,
        "accepted",
        "148.00",
    )
    consultation, medicine = statement["lines"]
    assert (consultation["quotation"], consultation["base"], consultation["rate"]) == (
        "C 1",
        "80.00",
        "80",
    )
    assert (medicine["reimbursed"], medicine["copayment"], medicine["beyond_base"]) == (
        "84.00",
        "36.00",
        "80.00",
    )
    assert medicine["deductions"] == [
        {
            "code": "generic_base",
            "amount": "80.00",
            "message": "Remboursement sur la base du prix du générique (PBR) : "
            "PBR 60,00 DH au lieu du PPV 100,00 DH par boîte",
        }
    ]
    assert statement["pdf_url"] == f"/api/v1/claims/{claim.reference}/statement.pdf"
    pdf = client.get(statement["pdf_url"], **auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_access_needs_a_token_and_the_permissions(client, family, django_user_model):
    member, _ = family
    claim = claim_make(member)
    assert client.get(f"{URL}{claim.reference}").status_code == 401
    _, raw = api_token_create(user=user_with(django_user_model, "sans-droits"), name="t")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"{URL}{claim.reference}", **bearer).status_code == 403
    assert post(client, body(member), bearer).status_code == 403
    assert client.get(f"{URL}{claim.reference}/statement.pdf", **bearer).status_code == 403
    assert Claim.objects.count() == 1


def test_unknown_claims_and_missing_statements_are_404(client, family, auth):
    claim = claim_make(family[0])
    assert client.get(f"{URL}DM2025999999999", **auth).status_code == 404
    assert client.get(f"{URL}{claim.reference}/statement.pdf", **auth).status_code == 404
