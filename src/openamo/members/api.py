"""REST: eligibility for providers. Thin: parse, call the selector, render.

Nothing medical is logged: the answer carries ALD condition codes for the provider named in
the request only.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from openamo.api import scopes
from openamo.api.types import Rank
from openamo.referentials.choices import CareCategory, Sector

from .eligibility import MESSAGES, EligibilityAnswer
from .selectors import LookupInputError, eligibility_check

router = Router(tags=["Assurés"])


class ReasonOut(Schema):
    code: str
    message: str


class BeneficiaryOut(Schema):
    registration_number: str
    rank: int
    last_name: str
    first_name: str
    role: str
    birth_date: dt.date


class ExemptionOut(Schema):
    condition_code: str
    label: str
    start: dt.date
    until: dt.date | None


class EligibilityOut(Schema):
    eligible: bool
    date: dt.date
    care_category: str
    reasons: list[ReasonOut]
    beneficiary: BeneficiaryOut | None
    scheme: str | None
    rights_kind: str | None
    rights_until: dt.date | None
    rate: Decimal | None
    rate_sector: str | None
    ald_rate: Decimal | None
    exemptions: list[ExemptionOut]


def _date(field: str, value: str | None, *, required: bool = False) -> dt.date | None:
    if not value:
        if required:
            raise ValidationError({field: "Date obligatoire (AAAA-MM-JJ)."})
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            {field: f"« {value} » n'est pas une date (AAAA-MM-JJ attendu)."}
        ) from None


def _choice(field: str, value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise ValidationError(
            {field: f"« {value} » inconnu ; valeurs possibles : {', '.join(allowed)}."}
        )
    return value


def answer_json(answer: EligibilityAnswer) -> dict:
    b = answer.beneficiary
    return {
        "eligible": answer.eligible,
        "date": answer.day,
        "care_category": answer.care_category,
        "reasons": [{"code": r.code, "message": r.message} for r in answer.reasons],
        "beneficiary": None
        if b is None
        else {
            "registration_number": b.registration_number,
            "rank": b.rank,
            "last_name": b.last_name,
            "first_name": b.first_name,
            "role": b.role,
            "birth_date": b.birth_date,
        },
        "scheme": answer.scheme_code,
        "rights_kind": answer.rights_kind,
        "rights_until": answer.rights_until,
        "rate": answer.rate,
        "rate_sector": answer.rate_sector,
        "ald_rate": answer.ald_rate,
        "exemptions": [
            {"condition_code": e.condition_code, "label": e.label, "start": e.start, "until": e.end}
            for e in answer.exemptions
        ],
    }


@router.get(
    "/eligibility",
    response=EligibilityOut,
    summary="Éligibilité d'un bénéficiaire à une date pour une catégorie de soins",
    description="Par n° d'immatriculation (rang ou date de naissance pour un ayant droit) ou "
    "par CIN et date de naissance. Un prestataire interroge le bénéficiaire qu'il nomme ; un "
    "assuré sa famille, une mutuelle ses adhérents (hors périmètre : 404) ; le personnel avec "
    "la permission de lire les bénéficiaires. Codes de motif : " + ", ".join(MESSAGES),
)
def eligibility_get(
    request,
    care_category: str,
    date: str | None = None,
    registration_number: str | None = None,
    rank: Rank | None = None,
    cin: str | None = None,
    birth_date: str | None = None,
    sector: str = Sector.ALL,
):
    scopes.eligibility_allowed(
        request.user, registration_number=registration_number, rank=rank, cin=cin
    )
    day = _date("date", date) or dt.date.today()
    category = _choice("care_category", care_category, CareCategory.values)
    sector = _choice("sector", sector, Sector.values)
    try:
        answer = eligibility_check(
            day=day,
            care_category=category,
            sector=sector,
            registration_number=registration_number,
            rank=rank,
            cin=cin,
            birth_date=_date("birth_date", birth_date),
        )
    except LookupInputError as exc:
        raise ValidationError({exc.field: exc.message}) from None
    return answer_json(answer)
