"""`Claim/$submit` with a Bundle, as the FHIR specification shows it: the first entry is the
Claim, the others the resources it references (Patient, Organization, Practitioner...).

A reference to a bundled resource (by its `fullUrl`, `urn:uuid:…`, or `Type/id`) is replaced by
that resource's identifiers, which say whom OpenAMO means (a beneficiary, an INPE). Pure: JSON
in, JSON out.
"""

from .. import systems
from ..outcome import FhirError

CLAIM = "Bundle.entry[0].resource"
# what identifies a referenced resource, by resource type
IDENTIFYING = {
    "Patient": (systems.BENEFICIARY, systems.REGISTRATION_NUMBER),
    "Organization": (systems.INPE,),
    "Practitioner": (systems.INPE,),
}


def _keys(entry: dict) -> list[str]:
    resource = entry.get("resource") or {}
    keys = [entry["fullUrl"]] if isinstance(entry.get("fullUrl"), str) else []
    if resource.get("id"):
        keys.append(f"{resource.get('resourceType')}/{resource['id']}")
    return keys


def _identifier(resource: dict) -> dict | None:
    wanted = IDENTIFYING.get(resource.get("resourceType"), ())
    for system in wanted:
        for identifier in resource.get("identifier") or []:
            if isinstance(identifier, dict) and identifier.get("system") == system:
                return {"system": system, "value": identifier.get("value")}
    return None


def _resolved(value, bundled: dict[str, dict]):
    """`value` with every reference to a bundled resource replaced by its identifier."""
    if isinstance(value, list):
        return [_resolved(v, bundled) for v in value]
    if not isinstance(value, dict):
        return value
    target = (
        bundled.get(value.get("reference")) if isinstance(value.get("reference"), str) else None
    )
    if target is not None and (identifier := _identifier(target)):
        return {k: v for k, v in value.items() if k != "reference"} | {"identifier": identifier}
    return {k: _resolved(v, bundled) for k, v in value.items()}


def claim_from_bundle(data: dict) -> dict:
    """The Claim of a submitted Bundle, its references to bundled resources resolved."""
    entries = data.get("entry") if isinstance(data.get("entry"), list) else []
    first = entries[0] if entries and isinstance(entries[0], dict) else {}
    claim = first.get("resource")
    if not isinstance(claim, dict) or claim.get("resourceType") != "Claim":
        raise FhirError.one(
            400, "la première entrée du Bundle doit être la ressource Claim", "structure", CLAIM
        )
    bundled = {
        key: entry["resource"]
        for entry in entries[1:]
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict)
        for key in _keys(entry)
    }
    return _resolved(claim, bundled)
