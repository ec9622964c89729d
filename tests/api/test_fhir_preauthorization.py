"""FHIR Claim (use=preauthorization) → the prior-authorisation service → ClaimResponse with
preAuthRef; read back as ClaimResponse/<PEC reference>; then a claim citing it is paid."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.models import ClaimResponse, OperationOutcome
from tests.api.conftest import fhir
from tests.authorizations.builders import CLINIC, family_create, provider, referential_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted(cnops, django_user_model):
    from openamo.authorizations.selectors import tariffs_cache_clear
    from openamo.authorizations.services import agreement_apply, agreement_decide

    tariffs_cache_clear()
    rabat = referential_create(cnops)
    officer = django_user_model.objects.create_user("conventions", password="x")
    agreement = agreement_apply(
        provider=provider(CLINIC),
        care_categories=["surgery", "technical_act"],
        starts_on=date(2020, 1, 1),
        rib="011780000012345678901296",
        anam_registration=f"ANAM-{CLINIC}",
    )
    agreement_decide(agreement=agreement, approve=True, user=officer)
    yield family_create(cnops, rabat)
    tariffs_cache_clear()


def preauth_body(member, documents=("DEMANDE", "DEVIS", "CR_MED"), **extra):
    body = {
        "resourceType": "Claim",
        "identifier": [{"system": "urn:clinique-atlas", "value": "PEC-77"}],
        "status": "active",
        "type": {"coding": [{"system": systems.HL7_CLAIM_TYPE, "code": "institutional"}]},
        "subType": {"coding": [{"system": systems.AUTHORIZATION_TYPE, "code": "CHIR"}]},
        "use": "preauthorization",
        "patient": {"reference": f"Patient/{member.registration_number}-0"},
        "billablePeriod": {"start": "2025-03-10", "end": "2025-03-12"},
        "created": "2025-03-03",
        "provider": {"reference": f"Organization/{CLINIC}"},
        "priority": {"coding": [{"code": "normal"}]},
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": {
                    "coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "K35.8"}]
                },
            }
        ],
        "supportingInfo": [
            {
                "sequence": n,
                "category": {"coding": [{"code": "attachment"}]},
                "code": {"coding": [{"system": systems.DOCUMENT_TYPE, "code": code}]},
                "valueAttachment": {"title": f"{code.lower()}.pdf"},
            }
            for n, code in enumerate(documents, 1)
        ],
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "AMO"}}],
        "item": [
            {
                "sequence": 1,
                "productOrService": {"coding": [{"system": systems.FORFAIT, "code": "CHIR-APP"}]},
                "servicedDate": "2025-03-10",
                "net": {"value": 6000, "currency": "MAD"},
            },
            {
                "sequence": 2,
                "productOrService": {"coding": [{"system": systems.NGAP, "code": "K"}]},
                "extension": [{"url": systems.EXT_COEFFICIENT, "valueDecimal": 50}],
                "servicedDate": "2025-03-10",
                "net": {"value": 1125, "currency": "MAD"},
            },
        ],
    }
    body.update(extra)
    return body


def post(client, body, bearer):
    return client.post(
        "/fhir/Claim", json.dumps(body), content_type="application/fhir+json", **bearer
    )


def test_a_complete_request_is_granted_at_once(client, admitted, bearer):
    member, _ = admitted
    answer = fhir(post(client, preauth_body(member), bearer), ClaimResponse, 201)
    assert answer.use == "preauthorization" and answer.outcome == "complete"
    assert answer.preAuthRef == answer.id and answer.id.startswith("PEC2025")
    assert (str(answer.preAuthPeriod.start), str(answer.preAuthPeriod.end)) == (
        "2025-03-10",
        "2025-03-12",
    )
    assert answer.disposition.startswith("Accordée ; part de la caisse 6300,00 DH")
    forfait = {a.category.coding[0].code: a.amount or a.value for a in answer.item[0].adjudication}
    assert forfait["benefit"].value == D("5400.00") and forfait["copay"].value == D("600.00")
    assert forfait["eligpercent"] == D("90.000")
    totals = {t.category.coding[0].code: t.amount.value for t in answer.total}
    assert totals == {"submitted": D("7125.00"), "benefit": D("6300.00"), "copay": D("825.00")}
    again = fhir(post(client, preauth_body(member), bearer), ClaimResponse, 200)
    assert again.id == answer.id
    read = fhir(client.get(f"/fhir/ClaimResponse/{answer.id}", **bearer), ClaimResponse)
    assert read.preAuthRef == answer.id


def test_an_incomplete_request_is_queued(client, admitted, bearer):
    member, _ = admitted
    body = preauth_body(member, documents=("DEMANDE",), identifier=[{"value": "PEC-78"}])
    answer = fhir(post(client, body, bearer), ClaimResponse, 201)
    assert answer.outcome == "queued" and answer.preAuthRef is None
    assert answer.extension[0].valueCode == "incomplete"


def test_request_errors_name_the_fhir_path(client, admitted, bearer):
    member, _ = admitted
    body = preauth_body(member, subType={"coding": [{"code": "ASTRO"}]})
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    assert outcome.issue[0].expression == ["Claim.subType"]
    assert "CHIR" in outcome.issue[0].diagnostics
    body = preauth_body(member, documents=("DEMANDE", "DEVIS", "CR_MED", "BILAN_RENAL"))
    body["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["code"] = "appendicite"
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    assert {i.expression[0] for i in outcome.issue} == {"Claim.diagnosis", "Claim.supportingInfo"}
