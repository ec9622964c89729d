"""Eligibility reads, one path for the REST API, the FHIR API and the provider page.

In order: the rate limit (per API token, per provider user on the page:
`settings.ELIGIBILITY_RATE`), the caller's scope (`api.scopes.eligibility_allowed`: a provider
names the beneficiary by two identifiers), the lookup, the read log (`audit.access_record`,
what="eligibility", hit or miss) and, after a provider's miss, the probing detector
(`fraud.probe_alerts`). A wrong identifier is answered exactly like an unknown person.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import Http404

from openamo.audit.services import access_record
from openamo.core.ratelimit import rate_hit, rate_parse
from openamo.fraud.probe_alerts import ELIGIBILITY, eligibility_probe_record
from openamo.members.eligibility import EligibilityAnswer
from openamo.members.models import Beneficiary
from openamo.members.selectors import eligibility_check

from . import scopes


class RateLimited(Exception):
    """Too many eligibility checks for this token or user; `retry_after` in seconds."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (
            f"Trop de demandes d'éligibilité pour ce compte : réessayez dans {self.retry_after} s."
        )


@dataclass(frozen=True)
class Lookup:
    registration_number: str | None = None
    rank: int | None = None
    cin: str | None = None
    birth_date: date | None = None


def token_key(request, user) -> str:
    """The rate-limit key of an API call: its bearer token (digest), else the session user."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    return f"user:{user.pk}"


def page_key(user) -> str | None:
    """The rate-limit key on the provider page: a provider user's own; staff are not limited."""
    return f"user:{user.pk}" if scopes.scope_of(user).kind == scopes.PROVIDER else None


def rate_check(key: str) -> None:
    wait = rate_hit(key=f"eligibility:{key}", rate=rate_parse(settings.ELIGIBILITY_RATE))
    if wait is not None:
        raise RateLimited(wait)


def _log(request, user, scope, beneficiary_id: int | None) -> None:
    provider = scope.provider if scope.kind == scopes.PROVIDER else None
    access_record(
        request=request,
        user=user,
        what=ELIGIBILITY,
        beneficiary=Beneficiary(pk=beneficiary_id) if beneficiary_id else None,
        found=beneficiary_id is not None,
        provider_inpe=provider.inpe if provider else "",
    )
    if provider is not None and beneficiary_id is None:
        eligibility_probe_record(provider=provider)


def eligibility_read(
    *,
    request,
    user,
    lookup: Lookup,
    day: date,
    care_categories,
    sector: str,
    limit_key: str | None,
) -> list[EligibilityAnswer]:
    """One answer per care category. Raises RateLimited, PermissionDenied, ValidationError
    (a missing birth date for a provider), Http404 (outside an insured person's or a
    mutuelle's scope) or LookupInputError (a malformed identifier)."""
    if limit_key is not None:
        rate_check(limit_key)
    scope = scopes.scope_of(user)
    try:
        scopes.eligibility_allowed(
            user,
            registration_number=lookup.registration_number,
            rank=lookup.rank,
            cin=lookup.cin,
            birth_date=lookup.birth_date,
        )
    except Http404:
        _log(request, user, scope, None)
        raise
    answers = [
        eligibility_check(
            day=day,
            care_category=category,
            sector=sector,
            registration_number=lookup.registration_number,
            rank=lookup.rank,
            cin=lookup.cin,
            birth_date=lookup.birth_date,
        )
        for category in care_categories
    ]
    found = next((a.beneficiary for a in answers if a.beneficiary is not None), None)
    _log(request, user, scope, found.beneficiary_id if found else None)
    return answers
