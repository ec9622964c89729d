"""FHIR reads and searches: Patient, Coverage, Organization, Practitioner; the
CapabilityStatement; authentication and errors as OperationOutcome."""

import json

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.mapping.capability import RESOURCES
from openamo.api.fhir.models import (
    Bundle,
    CapabilityStatement,
    Coverage,
    OperationOutcome,
    Organization,
    Patient,
    Practitioner,
)
from tests.api.conftest import fhir
from tests.claims.db_builders import CLINIC, GP, HOSPITAL

pytestmark = pytest.mark.django_db


def test_the_capability_statement_is_public_and_lists_what_is_implemented(client):
    statement = fhir(client.get("/fhir/metadata"), CapabilityStatement)
    assert statement.fhirVersion == "4.0.1" and "application/fhir+json" in statement.format
    resources = {r.type: r for r in statement.rest[0].resource}
    assert set(resources) == set(RESOURCES)
    assert [i.code for i in resources["Claim"].interaction] == ["create"]
    assert [p.name for p in resources["ExplanationOfBenefit"].searchParam] == ["patient"]
    assert statement.implementation.url == "http://testserver/fhir/"


@pytest.mark.parametrize(
    "method, path",
    [("get", "/fhir/Patient/1-0"), ("post", "/fhir/Claim"), ("get", "/fhir/Foo")],
)
def test_without_a_valid_token_the_answer_is_a_401_operation_outcome(client, method, path):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer oa_wrong"}):
        response = getattr(client, method)(path, **headers)
        outcome = fhir(response, OperationOutcome, 401)
        assert outcome.issue[0].code == "login"
        assert outcome.issue[0].diagnostics.startswith("authentification requise")
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_patients_of_a_family(client, fund, bearer):
    member, child = fund
    regno = member.registration_number
    patient = fhir(client.get(f"/fhir/Patient/{regno}-0", **bearer), Patient)
    assert patient.id == f"{regno}-0" and patient.gender == "male" and patient.active
    assert (patient.name[0].family, patient.name[0].given) == ("Alaoui", ["Karim"])
    assert {i.system: i.value for i in patient.identifier} == {
        systems.BENEFICIARY: f"{regno}-0",
        systems.REGISTRATION_NUMBER: regno,
        systems.CIN: "AB123456",
    }
    daughter = fhir(client.get(f"/fhir/Patient/{regno}-{child.rank}", **bearer), Patient)
    assert daughter.gender == "female" and str(daughter.birthDate) == "2010-03-15"
    family = fhir(
        client.get(f"/fhir/Patient?identifier={systems.REGISTRATION_NUMBER}|{regno}", **bearer),
        Bundle,
    )
    assert [e.resource.id for e in family.entry] == [f"{regno}-0", f"{regno}-{child.rank}"]
    by_cin = fhir(client.get("/fhir/Patient?identifier=AB123456", **bearer), Bundle)
    assert by_cin.total == 1 and by_cin.entry[0].resource.id == f"{regno}-0"
    one = fhir(client.get(f"/fhir/Patient?identifier={regno}-{child.rank}", **bearer), Bundle)
    assert [e.resource.id for e in one.entry] == [f"{regno}-{child.rank}"]
    none = fhir(client.get("/fhir/Patient?identifier=999", **bearer), Bundle)
    assert none.total == 0 and not none.entry


def test_coverage_names_the_scheme_subscriber_and_rights(client, fund, bearer):
    member, child = fund
    regno = member.registration_number
    coverage = fhir(client.get(f"/fhir/Coverage/{regno}-{child.rank}", **bearer), Coverage)
    assert coverage.beneficiary.reference == f"Patient/{regno}-{child.rank}"
    assert coverage.subscriber.reference == f"Patient/{regno}-0"
    assert coverage.relationship.coding[0].code == "child"
    assert coverage.class_fhir[0].value == "cnops" and coverage.payor[0].display == "CNOPS"
    assert coverage.period.start is not None
    assert coverage.extension[0].valueCode in ("open", "maintained")


def test_providers_are_practitioners_or_organizations_by_inpe(client, fund, bearer):
    doctor = fhir(client.get(f"/fhir/Practitioner/{GP}", **bearer), Practitioner)
    assert doctor.identifier[0].system == systems.INPE and doctor.identifier[0].value == GP
    assert doctor.qualification[0].code.coding[0].code == "gp"
    assert doctor.address[0].city == "Casablanca"
    hospital = fhir(client.get(f"/fhir/Organization/{HOSPITAL}", **bearer), Organization)
    assert hospital.type[0].coding[0].code == "public_hospital"
    assert hospital.extension[0].valueCoding.code == "public"
    fhir(client.get(f"/fhir/Organization/{GP}", **bearer), OperationOutcome, 404)
    found = fhir(
        client.get(f"/fhir/Organization?identifier={systems.INPE}|{CLINIC}", **bearer), Bundle
    )
    assert [e.resource.id for e in found.entry] == [CLINIC]
    assert fhir(client.get(f"/fhir/Organization?identifier={GP}", **bearer), Bundle).total == 0


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/fhir/Patient/999999999-0", 404, "not-found"),
        ("/fhir/Patient/n'importe-quoi", 404, "not-found"),
        ("/fhir/Coverage/1", 404, "not-found"),
        ("/fhir/ClaimResponse/DM1", 404, "not-found"),
        ("/fhir/Medication/1", 404, "not-supported"),
        ("/fhir/Patient", 400, "required"),
        ("/fhir/Patient?name=Alaoui", 400, "not-supported"),
        ("/fhir/ExplanationOfBenefit?patient=Alaoui", 400, "value"),
        ("/fhir/Claim/1", 405, "not-supported"),
    ],
)
def test_read_errors_are_operation_outcomes(client, fund, bearer, path, status, code):
    outcome = fhir(client.get(path, **bearer), OperationOutcome, status)
    assert outcome.issue[0].code == code and outcome.issue[0].severity == "error"


@pytest.mark.parametrize(
    "body, content_type, status, expression",
    [
        ("{not json", "application/fhir+json", 400, "Claim"),
        ("[]", "application/json", 400, "Claim.resourceType"),
        (
            json.dumps({"resourceType": "Patient"}),
            "application/fhir+json",
            400,
            "Claim.resourceType",
        ),
        ("{}", "text/plain", 415, "Claim"),
    ],
)
def test_bad_bodies_are_operation_outcomes(client, bearer, body, content_type, status, expression):
    response = client.post("/fhir/Claim", body, content_type=content_type, **bearer)
    outcome = fhir(response, OperationOutcome, status)
    assert outcome.issue[0].expression == [expression]


def test_a_session_reads_but_cannot_post(client, fund, api_user):
    member, _ = fund
    client.force_login(api_user)
    fhir(client.get(f"/fhir/Patient/{member.registration_number}-0"), Patient)
    response = client.post("/fhir/Claim", "{}", content_type="application/fhir+json")
    fhir(response, OperationOutcome, 401)
