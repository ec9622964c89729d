"""Reads: member search, a member's file, and the eligibility lookup.

The eligibility lookup is one indexed query on `Beneficiary` (its rights snapshot included);
the scheme's rates in force on a day are cached in-process for `RATES_TTL` seconds.
"""

import json
import time
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet

from openamo.core.identifiers import cin_problem, normalize_cin
from openamo.referentials.models import ParameterCode, ReimbursementRate, Scheme, SchemeParameter

from .eligibility import (
    BeneficiaryFacts,
    EligibilityAnswer,
    ExemptionFact,
    PeriodFact,
    SchemeRates,
    eligibility,
)
from .models import AldExemption, Beneficiary, Member

RATES_TTL = 300.0
_LOOKUP_SQL = (
    "SELECT b.id, b.registration_number, b.rank, b.last_name, b.first_name, b.role,"
    " b.birth_date, b.scheme_id, s.code, b.deceased_on, b.age_limit_on, CAST(b.rights AS TEXT)"
    f" FROM {Beneficiary._meta.db_table} b JOIN {Scheme._meta.db_table} s ON s.id = b.scheme_id"
    " WHERE {where} LIMIT 3"
)
_rates_cache: dict[tuple[int, date], tuple[float, SchemeRates]] = {}


def scheme_rates_on(*, scheme_id: int, scheme_code: str, day: date) -> SchemeRates:
    now = time.monotonic()
    hit = _rates_cache.get((scheme_id, day))
    if hit is not None and now - hit[0] < RATES_TTL:
        return hit[1]
    rates = {
        (category, sector): rate
        for category, sector, rate in ReimbursementRate.objects.in_force_on(day)
        .filter(scheme_id=scheme_id)
        .values_list("care_category", "sector", "rate")
    }
    ald = (
        SchemeParameter.objects.in_force_on(day)
        .filter(scheme_id=scheme_id, code=ParameterCode.ALD_RATE)
        .values_list("value", flat=True)
        .first()
    )
    answer = SchemeRates(scheme_code, rates, ald)
    if len(_rates_cache) > 4096:
        _rates_cache.clear()
    _rates_cache[(scheme_id, day)] = (now, answer)
    return answer


def scheme_rates_cache_clear() -> None:
    _rates_cache.clear()


def _day(value: str | date | None) -> date | None:
    """A date from the database (SQLite's raw cursor gives text) or from the JSON snapshot."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def beneficiary_facts(row: tuple) -> BeneficiaryFacts:
    pk, regno, rank, last, first, role, birth, scheme_id, code, deceased, limit, rights = row
    return BeneficiaryFacts(
        beneficiary_id=pk,
        registration_number=regno,
        rank=rank,
        last_name=last,
        first_name=first,
        role=role,
        birth_date=_day(birth),
        scheme_id=scheme_id,
        scheme_code=code,
        deceased_on=_day(deceased),
        age_limit_on=_day(limit),
        periods=tuple(
            PeriodFact(_day(s), _day(e), kind) for s, e, kind in (rights or {}).get("p", [])
        ),
        exemptions=tuple(
            ExemptionFact(code_, label, _day(s), _day(e))
            for code_, label, s, e in (rights or {}).get("x", [])
        ),
    )


class LookupInputError(ValueError):
    """The lookup criteria are missing or malformed; `field` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def beneficiary_candidates(
    *,
    registration_number: str | None = None,
    rank: int | None = None,
    cin: str | None = None,
    birth_date: date | None = None,
) -> list[BeneficiaryFacts]:
    """By registration number (rank 0 unless a rank or a birth date names a dependent; both
    given must both match), or by CIN and birth date. One query."""
    if registration_number:
        where, params = "b.registration_number = %s", [registration_number.strip()]
        if rank is not None:
            where, params = where + " AND b.rank = %s", params + [rank]
        if birth_date is not None:
            where, params = where + " AND b.birth_date = %s", params + [birth_date]
        if rank is None and birth_date is None:
            where += " AND b.rank = 0"
    elif cin:
        if problem := cin_problem(cin):
            raise LookupInputError("cin", problem)
        if birth_date is None:
            raise LookupInputError("birth_date", "La date de naissance accompagne le CIN.")
        where, params = "b.cin = %s AND b.birth_date = %s", [normalize_cin(cin), birth_date]
    else:
        raise LookupInputError(
            "registration_number",
            "Indiquer le n° d'immatriculation, ou le CIN et la date de naissance.",
        )
    # Hand-written SQL on the hot path: the ORM spends longer compiling this query than the
    # database spends answering it (see BENCHMARKS.md).
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP_SQL.format(where=where), params)
        rows = cursor.fetchall()
    return [beneficiary_facts(row[:-1] + (json.loads(row[-1]),)) for row in rows]


def eligibility_check(
    *,
    day: date,
    care_category: str,
    sector: str = "all",
    registration_number: str | None = None,
    rank: int | None = None,
    cin: str | None = None,
    birth_date: date | None = None,
) -> EligibilityAnswer:
    candidates = beneficiary_candidates(
        registration_number=registration_number, rank=rank, cin=cin, birth_date=birth_date
    )
    rates = None
    if len(candidates) == 1:
        facts = candidates[0]
        rates = scheme_rates_on(scheme_id=facts.scheme_id, scheme_code=facts.scheme_code, day=day)
    return eligibility(
        candidates=candidates, day=day, care_category=care_category, rates=rates, sector=sector
    )


# ---- pages -----------------------------------------------------------------------------------


def member_search(*, query: str = "") -> QuerySet[Member]:
    members = Member.objects.select_related("scheme", "employer").order_by(
        "last_name", "first_name", "pk"
    )
    query = query.strip()
    if not query:
        return members
    compact = normalize_cin(query)
    if compact.isdigit():
        return members.filter(registration_number__startswith=compact)
    by_name = Q()
    for word in query.split():
        by_name &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
    family_cins = Beneficiary.objects.filter(cin=compact).values("member_id")
    return members.filter(Q(cin=compact) | Q(pk__in=family_cins) | by_name)


def member_file(*, member_id: int) -> dict:
    member = Member.objects.select_related("scheme", "employer", "mutuelle", "city").get(
        pk=member_id
    )
    beneficiaries = list(
        member.beneficiaries.select_related("dependent")
        .prefetch_related("periods")
        .order_by("rank")
    )
    exemptions = list(
        AldExemption.objects.filter(beneficiary__member=member)
        .select_related("condition", "beneficiary")
        .order_by("beneficiary__rank", "starts_on")
    )
    return {
        "member": member,
        "beneficiaries": beneficiaries,
        "events": list(member.events.select_related("dependent", "employer")),
        "suspensions": list(member.suspensions.all()),
        "exemptions": exemptions,
        "contributions": member_contribution_months(member_id=member.pk),
    }


def member_contribution_months(*, member_id: int) -> list[tuple[date, int]] | None:
    """Declared days per month (newest first), or None while contributions are not there."""
    try:
        from openamo.contributions.selectors import contribution_days_by_month
    except ImportError:
        return None
    days = contribution_days_by_month(member_ids=[member_id]).get(member_id, {})
    return sorted(days.items(), reverse=True)
