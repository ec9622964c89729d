"""What a mutuelle agent may see: the members whose mutuelle is the agent's (`member.mutuelle`),
their families, rights and ALD exemptions, their claim files and statements. Everything starts
from the user's access row; another mutuelle's member or claim is not found (404), so its
existence does not leak."""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from openamo.claims.models import Claim, ClaimStatus, Statement
from openamo.claims.selectors import QueueFilters, claim_queue
from openamo.core.money import ZERO, money
from openamo.members.models import Beneficiary, Member, Mutuelle, RightsKind
from openamo.members.selectors import member_file, member_search

from .models import PortalAccess
from .roles import Role


def mutuelle_of(user) -> Mutuelle:
    """The mutuelle the user acts for; 404 for anyone else (staff, insured, employer...)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("aucune mutuelle n'est rattachée à ce compte")
    access = (
        PortalAccess.objects.select_related("mutuelle")
        .filter(user=user, role=Role.MUTUELLE_AGENT)
        .first()
    )
    if access is None or access.mutuelle is None:
        raise Http404("aucune mutuelle n'est rattachée à ce compte")
    return access.mutuelle


def mutuelle_members(user, *, query: str = "") -> QuerySet[Member]:
    """The mutuelle's members, searched by name, CIN or registration number, each with
    `beneficiary_count` (the member and the dependents)."""
    return (
        member_search(query=query)
        .filter(mutuelle=mutuelle_of(user))
        .annotate(beneficiary_count=Count("beneficiaries"))
    )


def mutuelle_member_file(user, registration_number: str, *, on: date) -> dict:
    """One member's family file (`members.selectors.member_file`) with each beneficiary's
    rights period on `on` (`rights`: (beneficiary, period or None)) and each exemption's
    `in_force`; 404 when the member is not the mutuelle's."""
    member = (
        Member.objects.filter(mutuelle=mutuelle_of(user), registration_number=registration_number)
        .only("pk")
        .first()
    )
    if member is None:
        raise Http404("adhérent introuvable")
    file = member_file(member_id=member.pk)
    file["rights"] = [(b, _covering(b.periods.all(), on)) for b in file["beneficiaries"]]
    for exemption in file["exemptions"]:
        exemption.in_force = exemption.starts_on <= on and (
            exemption.ends_on is None or on <= exemption.ends_on
        )
    return file


def _covering(periods, on: date):
    for period in periods:
        if period.kind == RightsKind.SUSPENDED:
            continue
        if period.starts_on <= on and (period.ends_on is None or on <= period.ends_on):
            return period
    return None


def mutuelle_claims(user, *, filters: QueueFilters) -> QuerySet[Claim]:
    """The claims of the mutuelle's members under `filters` (`claims.selectors.claim_queue`:
    latest outcome, amounts and line count annotated)."""
    return claim_queue(filters=filters).filter(beneficiary__member__mutuelle=mutuelle_of(user))


def mutuelle_claim(user, reference: str) -> Claim:
    claim = (
        Claim.objects.filter(beneficiary__member__mutuelle=mutuelle_of(user), reference=reference)
        .select_related("beneficiary", "beneficiary__member", "scheme")
        .prefetch_related("lines")
        .first()
    )
    if claim is None:
        raise Http404("dossier introuvable")
    return claim


@dataclass(frozen=True)
class MutuelleFigures:
    members: int
    beneficiaries: int
    month_start: date
    claims_by_status: list[tuple[str, str, int]]  # (status, label, claims deposited this month)
    claims_this_month: int
    year: int
    statements_this_year: int
    reimbursed_this_year: Decimal


def mutuelle_figures(user, *, on: date) -> MutuelleFigures:
    """The mutuelle's counts on `on`: members, beneficiaries, claims deposited this month by
    status, and what the statements in force adjudicated this year reimbursed."""
    mutuelle = mutuelle_of(user)
    month_start = on.replace(day=1)
    counted = dict(
        Claim.objects.filter(
            beneficiary__member__mutuelle=mutuelle, deposit_date__range=(month_start, on)
        )
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    tz = timezone.get_current_timezone()
    year_start = timezone.make_aware(datetime.combine(on.replace(month=1, day=1), time.min), tz)
    year_end = timezone.make_aware(datetime.combine(on.replace(month=12, day=31), time.max), tz)
    newer = Statement.objects.filter(claim=OuterRef("claim"), version__gt=OuterRef("version"))
    in_force = Statement.objects.filter(
        claim__beneficiary__member__mutuelle=mutuelle,
        adjudicated_at__range=(year_start, year_end),
    ).filter(~Exists(newer))
    year = in_force.aggregate(n=Count("id"), total=Sum("total_reimbursed"))
    return MutuelleFigures(
        members=Member.objects.filter(mutuelle=mutuelle).count(),
        beneficiaries=Beneficiary.objects.filter(member__mutuelle=mutuelle).count(),
        month_start=month_start,
        claims_by_status=[
            (value, str(label), counted.get(value, 0)) for value, label in ClaimStatus.choices
        ],
        claims_this_month=sum(counted.values()),
        year=on.year,
        statements_this_year=year["n"],
        reimbursed_this_year=money(year["total"] or ZERO),
    )
