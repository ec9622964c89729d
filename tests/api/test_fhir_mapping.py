"""The pure mappings, without the database: FHIR Claim → claim lines, claim types, ids."""

from datetime import date
from decimal import Decimal as D

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.mapping.claim_in import claim_submission, service_error_path
from openamo.api.fhir.mapping.claim_out import claim_type
from openamo.api.fhir.mapping.common import beneficiary_id_parse
from openamo.api.fhir.models import Claim
from openamo.api.fhir.outcome import FhirError


def claim(**items_and_more):
    body = {
        "resourceType": "Claim",
        "status": "active",
        "type": {"coding": [{"code": "professional"}]},
        "use": "claim",
        "patient": {"identifier": {"system": systems.REGISTRATION_NUMBER, "value": "123456789"}},
        "created": "2025-03-20T10:00:00+01:00",
        "provider": {"reference": "Practitioner/200000001"},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "AMO"}}],
        "careTeam": [
            {"sequence": 1, "provider": {"reference": "Organization/200000004"}},
            {
                "sequence": 2,
                "provider": {"identifier": {"system": systems.INPE, "value": "200000009"}},
                "role": {"coding": [{"system": systems.CARE_TEAM_ROLE, "code": "prescriber"}]},
            },
        ],
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": {"coding": [{"system": systems.ALD, "code": "ALD8"}]},
            }
        ],
    }
    body.update(items_and_more)
    return Claim.model_validate(body)


def test_items_become_claim_lines_with_their_executor_prescriber_and_price():
    submission = claim(
        billablePeriod={"start": "2025-03-01"},
        item=[
            {
                "sequence": 2,
                "careTeamSequence": [1, 2],
                "diagnosisSequence": [1],
                "productOrService": {
                    "coding": [{"system": systems.GS1_GTIN, "code": "6111000000014"}]
                },
                "quantity": {"value": 3},
                "unitPrice": {"value": D("33.35"), "currency": "MAD"},
                "extension": [{"url": systems.EXT_PRESCRIBED_QUANTITY, "valueDecimal": 2}],
            },
            {
                "sequence": 1,
                "productOrService": {"coding": [{"system": systems.NGAP, "code": "K"}]},
                "extension": [{"url": systems.EXT_COEFFICIENT, "valueDecimal": D("50")}],
                "servicedDate": "2025-03-02",
            },
        ],
    )
    submission = claim_submission(submission, header_key=" clé-1 ")
    assert (submission.registration_number, submission.rank) == ("123456789", 0)
    assert submission.deposit_date == date(2025, 3, 20) and submission.idempotency_key == "clé-1"
    act, medicine = submission.lines
    assert (act.kind, act.code, act.coefficient, act.executor_inpe) == ("act", "K", 50, "200000001")
    assert (act.care_date, act.charged, act.ald_code) == (date(2025, 3, 2), None, "")
    assert (medicine.kind, medicine.executor_inpe, medicine.prescriber_inpe) == (
        "medicine",
        "200000004",
        "200000009",
    )
    assert medicine.charged == D("100.05") and medicine.prescribed_quantity == 2
    assert medicine.care_date == date(2025, 3, 1) and medicine.ald_code == "ALD8"
    assert submission.ald_code == "ALD8"


def test_every_problem_of_a_claim_is_reported_at_once():
    bad = claim(
        patient={"reference": "Patient/abc"},
        insurance=[
            {"sequence": 1, "focal": True, "coverage": {"display": "AMO"}, "preAuthRef": ["A", "B"]}
        ],
        item=[
            {"sequence": 1, "productOrService": {"coding": [{"system": "http://x", "code": "1"}]}},
            {
                "sequence": 3,
                "productOrService": {"coding": [{"system": systems.NGAP, "code": "C"}]},
                "servicedDate": "2025-03-02",
                "careTeamSequence": [7],
                "net": {"value": 10, "currency": "EUR"},
            },
        ],
    )
    with pytest.raises(FhirError) as caught:
        claim_submission(bad)
    assert caught.value.status == 400
    assert [i.expression for i in caught.value.issues] == [
        "Claim.patient",
        "Claim.insurance.preAuthRef",
        "Claim.item.sequence",
        "Claim.item[0].productOrService",
        "Claim.item[0].servicedDate",
        "Claim.item[1].careTeamSequence",
        "Claim.item[1].net.currency",
    ]


@pytest.mark.parametrize(
    "value, key",
    [
        ("123456789", ("123456789", 0)),
        ("123456789-2", ("123456789", 2)),
        ("123456789-x", None),
        ("", None),
        ("1234567890123", None),
    ],
)
def test_beneficiary_ids(value, key):
    assert beneficiary_id_parse(value) == key


def test_service_error_keys_become_fhir_paths():
    assert service_error_path("lines.2.executor_inpe") == "Claim.item[1].careTeamSequence"
    assert service_error_path("lines.1.charged") == "Claim.item[0].net.value"
    assert service_error_path("deposit_date") == "Claim.created"


def test_claim_types():
    assert claim_type({"medicine"}, {"medicine"}) == "pharmacy"
    assert claim_type({"act", "forfait"}, {"surgery", "technical_act"}) == "institutional"
    assert claim_type({"device"}, {"optics"}) == "vision"
    assert claim_type({"act"}, {"consultation"}) == "professional"
