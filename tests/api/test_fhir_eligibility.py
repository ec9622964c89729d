"""CoverageEligibilityRequest → CoverageEligibilityResponse, from the eligibility service."""

import json

import pytest

from openamo.api.fhir.models import CoverageEligibilityResponse, OperationOutcome
from tests.api.conftest import fhir
from tests.api.fhir_builders import eligibility_body
from tests.claims.db_builders import CLINIC, HOSPITAL

pytestmark = pytest.mark.django_db


def post(client, body, bearer):
    return client.post(
        "/fhir/CoverageEligibilityRequest",
        json.dumps(body),
        content_type="application/fhir+json",
        **bearer,
    )


def rates(answer):
    return {
        i.category.coding[0].code: (i.excluded, [b.allowedString for b in i.benefit or ()])
        for i in answer.insurance[0].item
    }


def test_an_insured_person_is_eligible_with_the_rate_of_each_category(client, fund, bearer):
    member, _ = fund
    body = eligibility_body(member, "consultation", "medicine", identifier=[{"value": "E-1"}])
    answer = fhir(post(client, body, bearer), CoverageEligibilityResponse)
    assert answer.outcome == "complete" and answer.insurance[0].inforce is True
    assert answer.insurance[0].coverage.reference == f"Coverage/{member.registration_number}-0"
    assert rates(answer) == {"consultation": (False, ["80"]), "medicine": (False, ["70"])}
    assert answer.request.identifier.value == "E-1" and answer.insurer.display == "CNOPS"
    assert answer.purpose == ["validation", "benefits"] and not answer.error


def test_the_provider_sector_chooses_the_rate(client, fund, bearer):
    member, _ = fund
    public = post(client, eligibility_body(member, "hospitalisation", provider=HOSPITAL), bearer)
    private = post(client, eligibility_body(member, "hospitalisation", provider=CLINIC), bearer)
    assert rates(fhir(public, CoverageEligibilityResponse)) == {"hospitalisation": (False, ["100"])}
    assert rates(fhir(private, CoverageEligibilityResponse)) == {"hospitalisation": (False, ["90"])}


def test_refusals_are_coded_errors_in_french(client, fund, bearer):
    member, _ = fund
    uncovered = fhir(
        post(client, eligibility_body(member, "oncology"), bearer), CoverageEligibilityResponse
    )
    assert uncovered.insurance[0].inforce is False
    assert rates(uncovered) == {"oncology": (True, [])}
    assert uncovered.error[0].code.coding[0].code == "care_not_covered"
    assert uncovered.error[0].code.text.startswith("Aucun taux de remboursement")
    body = eligibility_body(member, "consultation", patient={"reference": "Patient/999999999-0"})
    unknown = fhir(post(client, body, bearer), CoverageEligibilityResponse)
    assert not unknown.insurance and unknown.error[0].code.coding[0].code == "unknown_beneficiary"
    assert unknown.patient.reference == "Patient/999999999-0"
    before = fhir(
        post(client, eligibility_body(member, "consultation", day="2009-06-01"), bearer),
        CoverageEligibilityResponse,
    )
    assert before.error[0].code.coding[0].code == "no_rights"


def test_a_request_without_a_known_category_is_a_400(client, fund, bearer):
    member, _ = fund
    outcome = fhir(
        post(client, eligibility_body(member, "astrologie"), bearer), OperationOutcome, 400
    )
    assert outcome.issue[0].expression == ["CoverageEligibilityRequest.item[0].category"]
    outcome = fhir(post(client, eligibility_body(member), bearer), OperationOutcome, 400)
    assert outcome.issue[0].expression == ["CoverageEligibilityRequest.item"]
