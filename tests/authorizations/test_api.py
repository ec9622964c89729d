"""POST /api/v1/authorizations/requests (idempotent) and GET .../requests/{reference}."""

from datetime import timedelta

import pytest

from openamo.api.auth import api_token_create
from tests.authorizations.builders import CLINIC, DAY, OTHER_CLINIC, provider_user

URL = "/api/v1/authorizations/requests"


def bearer(username, inpe):
    _, raw = api_token_create(user=provider_user(username, inpe), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def payload(admitted):
    member, _ = admitted
    return {
        "idempotency_key": "atlas-2025-0001",
        "registration_number": member.registration_number,
        "rank": 0,
        "authorization_type": "CHIR",
        "diagnosis": "K35.8",
        "planned_start": DAY.isoformat(),
        "planned_end": (DAY + timedelta(days=2)).isoformat(),
        "acts": [
            {"kind": "forfait", "code": "CHIR-APP", "charged": "6000"},
            {"kind": "act", "code": "K", "coefficient": "50", "charged": "1125"},
        ],
        "documents": [{"document_type": c} for c in ("DEMANDE", "DEVIS", "CR_MED")],
    }


def test_submission_is_instant_and_idempotent_and_scoped(client, payload):
    atlas = bearer("atlas", CLINIC)
    first = client.post(URL, payload, content_type="application/json", **atlas)
    assert first.status_code == 201
    body = first.json()
    assert (body["status"], body["decided_by_rule"], body["amount_covered"], body["copayment"]) == (
        "approved",
        "instant_approval",
        "6300.00",
        "825.00",
    )
    again = client.post(URL, payload, content_type="application/json", **atlas)
    assert again.status_code == 200 and again.json()["reference"] == body["reference"]
    status = client.get(f"{URL}/{body['reference']}", **atlas)
    assert status.status_code == 200 and status.json()["status_label"] == "Accordée"
    other = bearer("orangers", OTHER_CLINIC)
    assert client.get(f"{URL}/{body['reference']}", **other).status_code == 404


def test_missing_documents_are_listed_and_errors_name_fields(client, payload):
    atlas = bearer("atlas", CLINIC)
    payload["documents"] = [{"document_type": "DEMANDE"}]
    body = client.post(URL, payload, content_type="application/json", **atlas).json()
    assert body["status"] == "incomplete"
    assert [d["code"] for d in body["missing_documents"]] == ["CR_MED", "DEVIS"]
    payload.update(idempotency_key="x2", diagnosis="?", documents=[{"document_type": "SEROLOGIE"}])
    response = client.post(URL, payload, content_type="application/json", **atlas)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"diagnosis", "documents"}


def test_a_user_not_linked_to_a_provider_cannot_submit(client, payload, django_user_model):
    _, raw = api_token_create(user=django_user_model.objects.create_user("x"), name="t")
    response = client.post(
        URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 403
