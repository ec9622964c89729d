"""Small builders shared by the mappings: money, codings, references, resource ids."""

import re
from decimal import Decimal

from .. import systems

PROVIDER_PRACTITIONER_KINDS = frozenset(
    {"gp", "specialist", "dentist", "physiotherapist", "nurse", "midwife", "speech_therapist"}
)
_BENEFICIARY_ID = re.compile(r"^(\d{1,12})-(\d{1,2})$")


def money(value: Decimal) -> dict:
    return {"value": value, "currency": systems.CURRENCY}


def coding(system: str, code: str, display: str | None = None) -> dict:
    return {"system": system, "code": code, **({"display": str(display)} if display else {})}


def concept(system: str, code: str, display: str | None = None, text: str | None = None) -> dict:
    return {"coding": [coding(system, code, display)], **({"text": text} if text else {})}


def beneficiary_id(registration_number: str, rank: int) -> str:
    """The id of a beneficiary's Patient and Coverage: `<registration number>-<rank>`."""
    return f"{registration_number}-{rank}"


def beneficiary_id_parse(value: str) -> tuple[str, int] | None:
    """`123456789-1`, or a bare registration number for the member (rank 0)."""
    value = (value or "").strip()
    if value.isdigit() and len(value) <= 12:
        return value, 0
    match = _BENEFICIARY_ID.match(value)
    return (match[1], int(match[2])) if match else None


def patient_reference(registration_number: str, rank: int, display: str | None = None) -> dict:
    ref = {"reference": f"Patient/{beneficiary_id(registration_number, rank)}"}
    return ref | ({"display": display} if display else {})


def provider_resource_type(kind: str) -> str:
    return "Practitioner" if kind in PROVIDER_PRACTITIONER_KINDS else "Organization"


def provider_reference(inpe: str, kind: str | None = None, name: str | None = None) -> dict:
    """A reference by INPE; with the provider's kind, a literal reference too."""
    ref: dict = {}
    if kind:
        resource_type = provider_resource_type(kind)
        ref = {"reference": f"{resource_type}/{inpe}", "type": resource_type}
    ref["identifier"] = {"system": systems.INPE, "value": inpe}
    return ref | ({"display": name} if name else {})


def insurer_reference(scheme_code: str, fund: str) -> dict:
    return {
        "identifier": {"system": systems.SCHEME, "value": scheme_code},
        "display": fund or scheme_code,
    }


def decimal_text(value: Decimal) -> str:
    """80.000 → "80", 70.500 → "70.5"."""
    return f"{value.normalize():f}"
