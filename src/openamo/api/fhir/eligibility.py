"""POST /fhir/CoverageEligibilityRequest: the request mapped to criteria, read through
`api.eligibility.eligibility_read` (scope, two identifiers for a provider, rate limit with
a 429 OperationOutcome and `Retry-After`, read log, probing alert), answered as a
CoverageEligibilityResponse without any diagnosis."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from openamo.api import scopes
from openamo.api.eligibility import Lookup, RateLimited, eligibility_read, token_key
from openamo.members.selectors import LookupInputError
from openamo.referentials.choices import CareCategory, Sector

from . import selectors
from .mapping.eligibility import NAME, eligibility_query, eligibility_response
from .outcome import FhirError
from .responses import respond, service_error

PATHS = {
    "birth_date": f"{NAME}.contained.birthDate",
    "cin": f"{NAME}.contained.identifier",
    "registration_number": f"{NAME}.patient",
}


class Throttled(FhirError):
    def __init__(self, exc: RateLimited):
        super().__init__(429, *FhirError.one(429, exc.message, "throttled").issues)
        self.retry_after = exc.retry_after


def _answers(request, user, query, sector):
    lookup = Lookup(query.registration_number, query.rank, query.cin, query.birth_date)
    try:
        return eligibility_read(
            request=request,
            user=user,
            lookup=lookup,
            day=query.day,
            care_categories=query.care_categories,
            sector=sector,
            limit_key=token_key(request, user),
        )
    except RateLimited as exc:
        raise Throttled(exc) from None
    except ValidationError as exc:
        raise service_error(exc, lambda name: PATHS.get(name, NAME)) from None
    except LookupInputError as exc:
        raise FhirError.one(400, exc.message, "value", PATHS.get(exc.field, NAME)) from None


def _sector(user, query) -> str:
    scope = scopes.scope_of(user)
    if scope.kind == scopes.PROVIDER:
        return scope.provider.sector
    if query.provider_inpe:
        provider = selectors.provider_get(user=user, inpe=query.provider_inpe)
        if provider is not None:
            return provider.sector
    return Sector.ALL.value


def create(request, user, fhir_request):
    query = eligibility_query(
        fhir_request, today=timezone.localdate(), categories=list(CareCategory.values)
    )
    answers = _answers(request, user, query, _sector(user, query))
    found = next((a for a in answers if a.beneficiary is not None), None)
    fund = selectors.scheme_fund(scheme_code=found.scheme_code) if found else ""
    return respond(eligibility_response(query, answers, now=timezone.now(), fund=fund))
