"""REST: eligibility for providers. Thin: parse, call `api.eligibility.eligibility_read`
(scope, rate limit, read log, probing alert), render.

The answer says whether the person is covered, the rates, and whether an ALD/ALC exemption is
in force (`ald_exemption`, with `ald_rate` for the care linked to it): never the diagnosis.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from ninja import Router, Schema

from openamo.api.eligibility import Lookup, RateLimited, eligibility_read, token_key
from openamo.api.types import Rank
from openamo.referentials.choices import CareCategory, Sector

from .eligibility import MESSAGES, EligibilityAnswer
from .selectors import LookupInputError

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


class EligibilityRateLimitOut(Schema):
    detail: str
    retry_after: int


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
    ald_exemption: bool


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
        "ald_exemption": bool(answer.exemptions),
    }


def too_many(exc: RateLimited) -> JsonResponse:
    response = JsonResponse({"detail": exc.message, "retry_after": exc.retry_after}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@router.get(
    "/eligibility",
    response={200: EligibilityOut, 429: EligibilityRateLimitOut},
    summary="Éligibilité d'un bénéficiaire à une date pour une catégorie de soins",
    description="Un prestataire nomme le bénéficiaire par deux identifiants : le n° "
    "d'immatriculation (et le rang) ou le CIN, et la date de naissance ; un identifiant faux "
    "reçoit la même réponse qu'une personne inconnue (`unknown_beneficiary`). Le personnel avec "
    "la permission de lire les bénéficiaires peut se contenter du n° d'immatriculation ; un "
    "assuré interroge sa famille, une mutuelle ses adhérents (hors périmètre : 404). La réponse "
    "ne donne jamais le diagnostic : `ald_exemption` dit si une exonération ALD/ALC est en "
    "cours, `ald_rate` son taux. Chaque jeton a un débit limité (429 avec `Retry-After`) et "
    "chaque lecture est journalisée. Codes de motif : " + ", ".join(MESSAGES),
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
    lookup = Lookup(
        registration_number=registration_number,
        rank=rank,
        cin=cin,
        birth_date=_date("birth_date", birth_date),
    )
    day = _date("date", date) or dt.date.today()
    category = _choice("care_category", care_category, CareCategory.values)
    sector = _choice("sector", sector, Sector.values)
    try:
        (answer,) = eligibility_read(
            request=request,
            user=request.user,
            lookup=lookup,
            day=day,
            care_categories=[category],
            sector=sector,
            limit_key=token_key(request, request.user),
        )
    except RateLimited as exc:
        return too_many(exc)
    except LookupInputError as exc:
        raise ValidationError({exc.field: exc.message}) from None
    return answer_json(answer)
