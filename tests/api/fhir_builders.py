"""FHIR request bodies for the tests."""

from openamo.api.fhir import systems
from tests.claims.db_builders import BRAND, GP, PHARMACY


def patient_ref(beneficiary):
    return {"reference": f"Patient/{beneficiary.registration_number}-{beneficiary.rank}"}


def claim_body(beneficiary, *, created="2025-03-20", care="2025-03-10", **extra):
    """A GP consultation (C) and two boxes of the brand medicine charged 200 DH."""
    body = {
        "resourceType": "Claim",
        "status": "active",
        "type": {"coding": [{"system": systems.HL7_CLAIM_TYPE, "code": "professional"}]},
        "use": "claim",
        "patient": patient_ref(beneficiary),
        "created": created,
        "provider": {"identifier": {"system": systems.INPE, "value": GP}},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "AMO"}}],
        "careTeam": [
            {"sequence": 1, "provider": {"reference": f"Organization/{PHARMACY}"}},
        ],
        "item": [
            {
                "sequence": 1,
                "productOrService": {"coding": [{"system": systems.NGAP, "code": "C"}]},
                "servicedDate": care,
            },
            {
                "sequence": 2,
                "careTeamSequence": [1],
                "productOrService": {"coding": [{"system": systems.EAN13, "code": BRAND}]},
                "servicedDate": care,
                "quantity": {"value": 2},
                "net": {"value": 200.00, "currency": "MAD"},
            },
        ],
    }
    body.update(extra)
    return body


def eligibility_body(beneficiary, *categories, day="2025-03-10", provider=None, **extra):
    body = {
        "resourceType": "CoverageEligibilityRequest",
        "status": "active",
        "purpose": ["validation", "benefits"],
        "patient": patient_ref(beneficiary),
        "created": "2025-03-10",
        "servicedDate": day,
        "insurer": {"display": "CNOPS"},
        "item": [
            {"category": {"coding": [{"system": systems.CARE_CATEGORY, "code": c}]}}
            for c in categories
        ],
    }
    if provider:
        body["provider"] = {"identifier": {"system": systems.INPE, "value": provider}}
    body.update(extra)
    return body


def named_patient(beneficiary, *, birth_date=None, system=systems.BENEFICIARY, value=None):
    """The two identifiers a provider sends: a contained Patient (identifier and birth date)
    and the `patient` reference pointing to it."""
    if value is None:
        value = f"{beneficiary.registration_number}-{beneficiary.rank}"
        if system == systems.CIN:
            value = beneficiary.cin
        elif system == systems.REGISTRATION_NUMBER:
            value = beneficiary.registration_number
    patient = {
        "resourceType": "Patient",
        "id": "p",
        "identifier": [{"system": system, "value": value}],
    }
    patient["birthDate"] = str(birth_date or beneficiary.birth_date)
    return {"contained": [patient], "patient": {"reference": "#p"}}
