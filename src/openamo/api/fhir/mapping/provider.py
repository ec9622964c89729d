"""Provider → Practitioner (health professionals) or Organization (facilities, pharmacies,
laboratories, centres, hospitals), identified by INPE."""

from dataclasses import dataclass

from .. import systems
from ..models import Organization, Practitioner
from .common import coding, concept, provider_resource_type


@dataclass(frozen=True)
class ProviderRecord:
    inpe: str
    name: str
    kind: str
    kind_label: str
    specialty: str
    specialty_label: str
    sector: str
    sector_label: str
    city: str
    address: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True

    @property
    def resource_type(self) -> str:
        return provider_resource_type(self.kind)


def _common(p: ProviderRecord) -> dict:
    telecom = [{"system": "phone", "value": p.phone}] if p.phone else []
    if p.email:
        telecom.append({"system": "email", "value": p.email})
    address = {"city": p.city, "country": "MA"}
    if p.address:
        address["line"] = [p.address]
    data = {
        "id": p.inpe,
        "extension": [
            {
                "url": systems.EXT_SECTOR,
                "valueCoding": coding(systems.SECTOR, p.sector, p.sector_label),
            }
        ],
        "identifier": [{"use": "official", "system": systems.INPE, "value": p.inpe}],
        "active": p.active,
        "address": [address],
    }
    if telecom:
        data["telecom"] = telecom
    return data


def practitioner_from_provider(p: ProviderRecord) -> Practitioner:
    data = _common(p) | {
        "name": [{"use": "official", "text": p.name}],
        "qualification": [{"code": concept(systems.PROVIDER_KIND, p.kind, p.kind_label)}],
    }
    if p.specialty:
        data["qualification"].append(
            {"code": concept(systems.SPECIALTY, p.specialty, p.specialty_label)}
        )
    return Practitioner.model_validate(data)


def organization_from_provider(p: ProviderRecord) -> Organization:
    data = _common(p) | {
        "name": p.name,
        "type": [
            {
                "coding": [
                    coding(systems.PROVIDER_KIND, p.kind, p.kind_label),
                    coding(systems.HL7_ORGANIZATION_TYPE, "prov", "Healthcare Provider"),
                ]
            }
        ],
    }
    return Organization.model_validate(data)


def resource_from_provider(p: ProviderRecord):
    if p.resource_type == "Practitioner":
        return practitioner_from_provider(p)
    return organization_from_provider(p)
