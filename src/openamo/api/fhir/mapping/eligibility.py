"""CoverageEligibilityRequest → eligibility criteria; eligibility answers →
CoverageEligibilityResponse.

One answer per requested care category (`item.category` in the care-category system); the
executor's sector comes from the request's `provider` (its INPE), else every sector.

The patient: a provider names them by two identifiers, in a contained Patient the request's
`patient` points to (`"#p"`), carrying an identifier (beneficiary `<n°>-<rang>`, registration
number, or CIN) and `birthDate`; staff may still send `Patient/<n°>-<rang>`. The answer never
carries the diagnosis: an ALD/ALC exemption in force shows as the `ald-rate` benefit only.
"""

from dataclasses import dataclass
from datetime import date, datetime

from openamo.members.eligibility import EligibilityAnswer

from .. import systems
from ..models import CoverageEligibilityResponse
from ..outcome import FhirError
from .claim_in import _day, _Issues, patient_key, provider_inpe
from .common import beneficiary_id, beneficiary_id_parse, concept, decimal_text, insurer_reference

NAME = "CoverageEligibilityRequest"


@dataclass(frozen=True)
class EligibilityQuery:
    registration_number: str | None
    rank: int | None
    day: date
    care_categories: tuple[str, ...]
    provider_inpe: str | None
    purpose: tuple[str, ...]
    patient: dict  # the request's patient reference, echoed
    request_identifier: dict | None
    cin: str | None = None
    birth_date: date | None = None


@dataclass(frozen=True)
class PatientCriteria:
    registration_number: str | None = None
    rank: int | None = None
    cin: str | None = None
    birth_date: date | None = None
    echo: dict | None = None


IDENTIFIER_SYSTEMS = (systems.BENEFICIARY, systems.REGISTRATION_NUMBER, systems.CIN)


def _contained_patient(request, issues: _Issues) -> PatientCriteria | None:
    """The criteria of the contained Patient `patient` points to (`#id`)."""
    ref = request.patient.reference if request.patient else None
    if not ref or not ref.startswith("#"):
        return None
    path = f"{NAME}.contained"
    found = next(
        (
            c
            for c in request.contained or ()
            if getattr(c, "id", None) == ref[1:] and c.get_resource_type() == "Patient"
        ),
        None,
    )
    if found is None:
        issues.add(f"{NAME}.patient", f"aucun Patient contenu ne porte l'id « {ref[1:]} »")
        return None
    known = [i for i in found.identifier or () if i.system in IDENTIFIER_SYSTEMS and i.value]
    if not known:
        issues.add(
            f"{path}.identifier",
            "identifiant du patient attendu : " + ", ".join(IDENTIFIER_SYSTEMS),
            "required",
        )
        return None
    ident = known[0]
    echo = {"identifier": {"system": ident.system, "value": ident.value}}
    birth = _day(found.birthDate)
    if ident.system == systems.CIN:
        return PatientCriteria(cin=ident.value.strip(), birth_date=birth, echo=echo)
    key = beneficiary_id_parse(ident.value)
    if key is None:
        issues.add(f"{path}.identifier", f"identifiant « {ident.value} » non reconnu")
        return None
    bare = ident.system == systems.REGISTRATION_NUMBER and "-" not in ident.value
    return PatientCriteria(key[0], None if bare else key[1], None, birth, echo)


def _criteria(request, issues: _Issues) -> PatientCriteria | None:
    contained = _contained_patient(request, issues)
    if contained is not None or issues.items:
        return contained
    key = patient_key(request.patient, issues, f"{NAME}.patient")
    if key is None:
        return None
    echo = request.patient.model_dump(mode="json", exclude_none=True)
    return PatientCriteria(key[0], key[1], echo=echo)


def eligibility_query(request, *, today: date, categories: list[str]) -> EligibilityQuery:
    issues = _Issues()
    patient = _criteria(request, issues)
    wanted = []
    for n, item in enumerate(request.item or ()):
        codes = [
            c.code
            for c in ((item.category.coding or ()) if item.category else ())
            if c.system == systems.CARE_CATEGORY
        ]
        if not codes:
            issues.add(
                f"{NAME}.item[{n}].category",
                f"catégorie de soins attendue dans le système {systems.CARE_CATEGORY}",
                "required",
            )
        elif codes[0] not in categories:
            issues.add(
                f"{NAME}.item[{n}].category",
                f"catégorie « {codes[0]} » inconnue ; valeurs possibles : {', '.join(categories)}",
            )
        else:
            wanted.append(codes[0])
    if not request.item:
        issues.add(f"{NAME}.item", "indiquer au moins une catégorie de soins", "required")
    if issues.items:
        raise FhirError(400, *issues.items)
    day = _day(request.servicedDate) or _day(
        request.servicedPeriod.start if request.servicedPeriod else None
    )
    identifier = (request.identifier or [None])[0]
    return EligibilityQuery(
        registration_number=patient.registration_number,
        rank=patient.rank,
        day=day or today,
        care_categories=tuple(dict.fromkeys(wanted)),
        provider_inpe=provider_inpe(request.provider) if request.provider else None,
        purpose=tuple(request.purpose),
        patient=patient.echo,
        request_identifier=identifier.model_dump(mode="json", exclude_none=True)
        if identifier
        else None,
        cin=patient.cin,
        birth_date=patient.birth_date,
    )


def _item(answer: EligibilityAnswer) -> dict:
    item: dict = {
        "category": concept(systems.CARE_CATEGORY, answer.care_category),
        "excluded": not answer.eligible,
    }
    benefits = []
    if answer.rate is not None:
        benefits.append(
            {
                "type": concept(
                    systems.BENEFIT_TYPE, "reimbursement-rate", "Taux de remboursement (%)"
                ),
                "allowedString": decimal_text(answer.rate),
            }
        )
    if answer.ald_rate is not None:
        benefits.append(
            {
                "type": concept(systems.BENEFIT_TYPE, "ald-rate", "Taux ALD/ALC (%)"),
                "allowedString": decimal_text(answer.ald_rate),
            }
        )
    if benefits:
        item["benefit"] = benefits
    notes = [r.message for r in answer.reasons]
    if answer.exemptions:
        notes.append(ALD_NOTE)
    if notes:
        item["description"] = " ".join(notes)
    return item


ALD_NOTE = (
    "Exonération ALD/ALC en cours : le taux ALD/ALC s'applique aux soins liés à l'affection "
    "exonérée."
)


def eligibility_response(
    query: EligibilityQuery, answers: list[EligibilityAnswer], *, now: datetime, fund: str = ""
) -> CoverageEligibilityResponse:
    found = next((a for a in answers if a.beneficiary is not None), None)
    data: dict = {
        "status": "active",
        "purpose": list(query.purpose),
        "patient": query.patient,
        "servicedDate": query.day.isoformat(),
        "created": now.isoformat(),
        "request": {"type": NAME, "identifier": query.request_identifier}
        if query.request_identifier
        else {"type": NAME, "display": "Demande d'éligibilité"},
        "outcome": "complete",
        "insurer": insurer_reference(found.scheme_code, fund) if found else {"display": "OpenAMO"},
        "disposition": " ".join(dict.fromkeys(r.message for a in answers for r in a.reasons))
        or "Droits ouverts",
    }
    if found is not None:
        b = found.beneficiary
        insurance = {
            "coverage": {"reference": f"Coverage/{beneficiary_id(b.registration_number, b.rank)}"},
            "inforce": any(a.eligible for a in answers),
            "item": [_item(a) for a in answers],
        }
        eligible = next((a for a in answers if a.eligible), None)
        if eligible is not None and eligible.rights_until is not None:
            insurance["benefitPeriod"] = {"end": eligible.rights_until.isoformat()}
        data["insurance"] = [insurance]
    refusals = {r.code: r.message for a in answers if not a.eligible for r in a.reasons}
    if refusals:
        data["error"] = [
            {"code": concept(systems.ELIGIBILITY_REASON, code, None, message)}
            for code, message in refusals.items()
        ]
    return CoverageEligibilityResponse.model_validate(data)
