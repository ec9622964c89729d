"""FHIR Claim (use=claim) → adjudicated at once → ClaimResponse; idempotent; then
ClaimResponse, ExplanationOfBenefit reads and the EOB search."""

import json
from decimal import Decimal as D

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.models import Bundle, ClaimResponse, ExplanationOfBenefit, OperationOutcome
from openamo.claims.models import Claim, ClaimStatus
from tests.api.conftest import fhir
from tests.api.fhir_builders import claim_body
from tests.claims.db_builders import BRAND, GP, PHARMACY

pytestmark = pytest.mark.django_db


def post(client, body, bearer, **headers):
    return client.post(
        "/fhir/Claim",
        json.dumps(body),
        content_type="application/fhir+json",
        **bearer,
        **headers,
    )


def adjudication(entries):
    """{category code: amount or value, reason code: text}."""
    found = {}
    for a in entries:
        code = a.category.coding[0].code
        found[code] = a.amount.value if a.amount else a.value
        if a.reason:
            found[a.reason.coding[0].code] = (a.reason.coding[0].display, a.reason.text)
    return found


def test_a_claim_is_adjudicated_at_once_with_amounts_to_the_centime(client, fund, bearer):
    member, _ = fund
    response = post(client, claim_body(member), bearer)
    answer = fhir(response, ClaimResponse, 201)
    claim = Claim.objects.get()
    assert response["Location"] == f"ClaimResponse/{claim.reference}"
    assert answer.id == claim.reference and claim.status == ClaimStatus.ADJUDICATED
    assert answer.outcome == "complete" and answer.use == "claim"
    assert answer.patient.reference == f"Patient/{member.registration_number}-0"
    assert answer.disposition == "Dossier liquidé : accepté ; remboursé 148,00 DH"
    consultation, medicine = (adjudication(i.adjudication) for i in answer.item)
    # C = 80 DH at the GP's tariff, 80 %
    assert consultation == {
        "submitted": D("80.00"),
        "eligible": D("80.00"),
        "eligpercent": D("80.000"),
        "benefit": D("64.00"),
        "copay": D("16.00"),
    }
    # 2 boxes at PPV 100 charged 200: base = PBR 60 × 2 = 120, 70 % → 84; 80 beyond the base
    assert medicine["submitted"] == D("200.00") and medicine["eligible"] == D("120.00")
    assert medicine["benefit"] == D("84.00") and medicine["copay"] == D("36.00")
    assert medicine["beyond-base"] == D("80.00") and medicine["deduction"] == D("80.00")
    label, text = medicine["generic_base"]
    assert label == "Remboursement sur la base du prix du générique (PBR)"
    assert "PBR 60,00 DH au lieu du PPV 100,00 DH" in text
    totals = {t.category.coding[0].code: t.amount.value for t in answer.total}
    assert totals == {
        "submitted": D("280.00"),
        "eligible": D("200.00"),
        "benefit": D("148.00"),
        "copay": D("52.00"),
    }
    lines = list(claim.lines.order_by("number"))
    assert [(x.kind, x.code, x.executor_inpe) for x in lines] == [
        ("act", "C", GP),
        ("medicine", BRAND, PHARMACY),
    ]


def test_a_claim_is_recorded_once_whatever_the_retries(client, fund, bearer):
    member, _ = fund
    body = claim_body(member, identifier=[{"system": "urn:clinique", "value": "FS-1"}])
    first = fhir(post(client, body, bearer), ClaimResponse, 201)
    again = fhir(post(client, body, bearer), ClaimResponse, 200)
    assert again.id == first.id and Claim.objects.count() == 1
    assert Claim.objects.get().idempotency_key == "urn:clinique|FS-1"
    header = fhir(
        post(client, claim_body(member), bearer, HTTP_IDEMPOTENCY_KEY="k-9"), ClaimResponse, 201
    )
    retry = fhir(
        post(client, claim_body(member), bearer, HTTP_IDEMPOTENCY_KEY="k-9"), ClaimResponse
    )
    assert retry.id == header.id and Claim.objects.count() == 2


def test_rejected_lines_carry_the_coded_reason_in_french(client, fund, bearer):
    member, _ = fund
    body = claim_body(member)
    body["item"][0]["productOrService"]["coding"][0]["code"] = "ZZ"
    answer = fhir(post(client, body, bearer), ClaimResponse, 201)
    rejected = adjudication(answer.item[0].adjudication)
    assert rejected["benefit"] == D("0.00") and "rejection" in rejected
    assert rejected["unknown_code"] == (
        "Code d'acte, de médicament ou de dispositif inconnu",
        "Code d'acte, de médicament ou de dispositif inconnu : lettre clé ZZ",
    )
    assert answer.disposition.startswith("Dossier liquidé : accepté partiellement")


def test_a_late_claim_is_rejected_whole_with_a_process_note(client, fund, bearer):
    member, _ = fund
    answer = fhir(post(client, claim_body(member, care="2025-01-02"), bearer), ClaimResponse, 201)
    assert answer.disposition == "Dossier liquidé : rejeté ; remboursé 0,00 DH"
    assert answer.processNote[0].text.startswith("Dossier déposé après le délai de dépôt")
    assert {t.category.coding[0].code: t.amount.value for t in answer.total}["benefit"] == 0


def test_rule_errors_are_400_operation_outcomes_naming_the_fhir_path(client, fund, bearer):
    member, _ = fund
    body = claim_body(member, care="2025-03-25")  # after the deposit
    body["item"][1]["quantity"]["value"] = -1
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    found = {i.expression[0]: i.diagnostics for i in outcome.issue}
    assert found["Claim.item[0].servicedDate"] == (
        "la date des soins est postérieure à la date de dépôt"
    )
    assert found["Claim.item[1].quantity.value"].startswith("doit être un nombre positif")
    assert Claim.objects.count() == 0


def test_structure_errors_list_every_missing_element(client, fund, bearer):
    member, _ = fund
    body = claim_body(member)
    del body["patient"], body["item"][0]["productOrService"]
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    assert {(i.code, i.expression[0]) for i in outcome.issue} == {
        ("required", "Claim.patient"),
        ("required", "Claim.item[0].productOrService"),
    }
    assert outcome.issue[0].diagnostics == "élément obligatoire absent"


def test_unknown_patient_system_or_use_are_refused(client, fund, bearer):
    member, _ = fund
    body = claim_body(member, patient={"reference": "Patient/999999999-0"})
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    assert (outcome.issue[0].diagnostics, outcome.issue[0].expression[0]) == (
        "bénéficiaire inconnu",
        "Claim.patient",
    )
    body = claim_body(member)
    body["item"][0]["productOrService"]["coding"][0]["system"] = "http://loinc.org"
    outcome = fhir(post(client, body, bearer), OperationOutcome, 400)
    assert outcome.issue[0].expression == ["Claim.item[0].productOrService"]
    assert systems.NGAP in outcome.issue[0].diagnostics
    assert Claim.objects.count() == 0


def test_claim_response_and_explanation_of_benefit_are_read_back(client, fund, bearer):
    member, child = fund
    reference = fhir(post(client, claim_body(member), bearer), ClaimResponse, 201).id
    again = fhir(client.get(f"/fhir/ClaimResponse/{reference}", **bearer), ClaimResponse)
    assert again.id == reference and again.total[2].amount.value == D("148.00")
    eob = fhir(
        client.get(f"/fhir/ExplanationOfBenefit/{reference}", **bearer), ExplanationOfBenefit
    )
    assert eob.outcome == "complete" and eob.claimResponse.reference == f"ClaimResponse/{reference}"
    assert eob.insurance[0].coverage.reference == f"Coverage/{member.registration_number}-0"
    medicine = eob.item[1]
    assert medicine.productOrService.coding[0].system == systems.EAN13
    assert medicine.productOrService.coding[0].display == "Amoxil 1 g comprimé"
    assert medicine.unitPrice.value == D("100.00") and medicine.net.value == D("200.00")
    assert eob.careTeam[medicine.careTeamSequence[0] - 1].provider.identifier.value == PHARMACY
    assert eob.identifier[1].value == f"{reference}-v1"
    search = f"/fhir/ExplanationOfBenefit?patient=Patient/{member.registration_number}-0"
    bundle = fhir(client.get(search, **bearer), Bundle)
    assert bundle.total == 1 and bundle.entry[0].resource.id == reference
    assert bundle.entry[0].fullUrl == f"http://testserver/fhir/ExplanationOfBenefit/{reference}"
    other = f"/fhir/ExplanationOfBenefit?patient={child.registration_number}-{child.rank}"
    assert fhir(client.get(other, **bearer), Bundle).total == 0
    missing = fhir(client.get("/fhir/ExplanationOfBenefit/DM0", **bearer), OperationOutcome, 404)
    assert missing.issue[0].code == "not-found"
