"""The FHIR API scoped by role: an insured person reads their family only (another family's
Patient is a 404 OperationOutcome), a provider its establishment's claims and requests and the
eligibility of a beneficiary it names but no Patient, an employer no clinical resource (403)."""

import json

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.models import (
    Bundle,
    ClaimResponse,
    CoverageEligibilityResponse,
    ExplanationOfBenefit,
    OperationOutcome,
    Patient,
)
from openamo.claims.services import claim_adjudicate
from tests.api.conftest import fhir
from tests.api.fhir_builders import claim_body, eligibility_body, named_patient
from tests.api.world import world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops):
    w = world_create(cnops)
    claim_adjudicate(claim=w.claim, reason="test")
    return w


def _id(beneficiary):
    return f"{beneficiary.registration_number}-{beneficiary.rank}"


def _status(client, world, role, path):
    return client.get(f"/fhir/{path}", **world.tokens[role]).status_code


def test_an_insured_person_reads_their_family_only(client, world):
    a, b, token = world.family_a, world.family_b, world.tokens["insured_a"]
    patient = fhir(client.get(f"/fhir/Patient/{_id(a)}", **token), Patient)
    assert patient.name[0].family == "Alaoui"
    other = fhir(client.get(f"/fhir/Patient/{_id(b)}", **token), OperationOutcome, 404)
    assert other.issue[0].code == "not-found"
    assert _status(client, world, "insured_a", f"Coverage/{_id(b)}") == 404
    search = f"/fhir/Patient?identifier={systems.REGISTRATION_NUMBER}|"
    family = fhir(client.get(search + a.registration_number, **token), Bundle)
    assert family.total == 2
    assert fhir(client.get(search + b.registration_number, **token), Bundle).total == 0
    assert fhir(client.get("/fhir/Patient?identifier=CD654321", **token), Bundle).total == 0


def test_claim_responses_and_statements_by_role(client, world):
    claim, agreement = world.claim.reference, world.agreement.reference
    expected = {
        "gp": (200, 200, 404),
        "pharmacy": (404, 404, 404),
        "clinic": (404, 404, 200),
        "other_clinic": (404, 404, 404),
        "insured_a": (200, 200, 200),
        "insured_b": (404, 404, 404),
        "mutuelle": (200, 200, 404),
        "employer_1": (403, 403, 403),
        "processor": (200, 200, 404),
        "reviewer": (200, 200, 200),
        "contributions": (403, 403, 403),
        "nobody": (403, 403, 403),
    }
    got = {
        role: (
            _status(client, world, role, f"ClaimResponse/{claim}"),
            _status(client, world, role, f"ExplanationOfBenefit/{claim}"),
            _status(client, world, role, f"ClaimResponse/{agreement}"),
        )
        for role in expected
    }
    assert got == expected
    eob = fhir(
        client.get(f"/fhir/ExplanationOfBenefit/{claim}", **world.tokens["gp"]),
        ExplanationOfBenefit,
    )
    assert eob.patient.reference == f"Patient/{_id(world.family_a)}"
    search = f"/fhir/ExplanationOfBenefit?patient=Patient/{_id(world.family_a)}"
    assert fhir(client.get(search, **world.tokens["gp"]), Bundle).total == 1
    assert fhir(client.get(search, **world.tokens["pharmacy"]), Bundle).total == 0
    assert fhir(client.get(search, **world.tokens["insured_b"]), Bundle).total == 0


def test_a_provider_names_beneficiaries_but_reads_no_patient(client, world):
    a = world.family_a
    for path in (f"Patient/{_id(a)}", f"Coverage/{_id(a)}", f"Patient?identifier={a.cin}"):
        outcome = fhir(
            client.get(f"/fhir/{path}", **world.tokens["gp"]), OperationOutcome, status=403
        )
        assert outcome.issue[0].code == "forbidden"
    for role in ("employer_1", "broker", "nobody"):
        assert _status(client, world, role, f"Patient/{_id(a)}") == 403
    body = json.dumps(
        eligibility_body(world.family_b, "consultation", **named_patient(world.family_b))
    )
    answers = {}
    for role in ("gp", "insured_a", "insured_b", "mutuelle", "employer_1"):
        answers[role] = client.post(
            "/fhir/CoverageEligibilityRequest",
            body,
            content_type="application/fhir+json",
            **world.tokens[role],
        )
    assert {r: x.status_code for r, x in answers.items()} == {
        "gp": 200,
        "insured_a": 404,
        "insured_b": 200,
        "mutuelle": 404,
        "employer_1": 403,
    }
    answer = fhir(answers["gp"], CoverageEligibilityResponse)
    assert answer.insurance[0].inforce is True


def test_who_may_post_a_claim(client, world):
    body = json.dumps(claim_body(world.family_a))  # a GP consultation, medicines by the pharmacy

    def post(role):
        return client.post(
            "/fhir/Claim", body, content_type="application/fhir+json", **world.tokens[role]
        )

    # the GP's consultation and the pharmacy's medicines: neither may bill the other's line
    for role, foreign in (("gp", "Claim.item[1]"), ("pharmacy", "Claim.item[0]")):
        outcome = fhir(post(role), OperationOutcome, 400)
        assert [i.expression[0] for i in outcome.issue] == [f"{foreign}.careTeamSequence"]
    gp_only = claim_body(world.family_a)
    gp_only["item"] = gp_only["item"][:1]
    posted = client.post(
        "/fhir/Claim",
        json.dumps(gp_only),
        content_type="application/fhir+json",
        **world.tokens["gp"],
    )
    assert fhir(posted, ClaimResponse, 201).outcome == "complete"
    for role in ("insured_a", "employer_1", "mutuelle", "nobody"):
        outcome = fhir(post(role), OperationOutcome, 403)
        assert outcome.issue[0].code == "forbidden", role
