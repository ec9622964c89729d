"""CoverageEligibilityRequest → eligibility criteria; eligibility answers →
CoverageEligibilityResponse.

One answer per requested care category (`item.category` in the care-category system); the
executor's sector comes from the request's `provider` (its INPE), else every sector.
"""

from dataclasses import dataclass
from datetime import date, datetime

from openamo.members.eligibility import EligibilityAnswer

from .. import systems
from ..models import CoverageEligibilityResponse
from ..outcome import FhirError
from .claim_in import _day, _Issues, patient_key, provider_inpe
from .common import beneficiary_id, concept, decimal_text, insurer_reference

NAME = "CoverageEligibilityRequest"


@dataclass(frozen=True)
class EligibilityQuery:
    registration_number: str
    rank: int
    day: date
    care_categories: tuple[str, ...]
    provider_inpe: str | None
    purpose: tuple[str, ...]
    patient: dict  # the request's patient reference, echoed
    request_identifier: dict | None


def eligibility_query(request, *, today: date, categories: list[str]) -> EligibilityQuery:
    issues = _Issues()
    patient = patient_key(request.patient, issues, f"{NAME}.patient")
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
        registration_number=patient[0],
        rank=patient[1],
        day=day or today,
        care_categories=tuple(dict.fromkeys(wanted)),
        provider_inpe=provider_inpe(request.provider) if request.provider else None,
        purpose=tuple(request.purpose),
        patient=request.patient.model_dump(mode="json", exclude_none=True),
        request_identifier=identifier.model_dump(mode="json", exclude_none=True)
        if identifier
        else None,
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
    if answer.reasons:
        item["description"] = " ".join(r.message for r in answer.reasons)
    return item


def _exemption_item(e) -> dict:
    until = f"au {e.end:%d/%m/%Y}" if e.end else "à vie"
    return {
        "category": concept(systems.ALD, e.condition_code, e.label),
        "description": f"Exonération du ticket modérateur du {e.start:%d/%m/%Y} {until}",
    }


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
            "item": [_item(a) for a in answers] + [_exemption_item(e) for e in found.exemptions],
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
