"""Reads for the claims pages and the API: the work queue, one claim's file, its statements."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from openamo.core.identifiers import normalize_cin
from openamo.members.models import Beneficiary
from openamo.referentials.models import ParameterCode, SchemeParameter

from .models import Claim, ClaimStatus, ClaimTransition, LineReview, Statement, StatementLine

SORTS = {
    "depot": ("deposit_date", "id"),
    "reference": ("reference",),
    "statut": ("status", "id"),
    "rembourse": ("latest_reimbursed", "id"),
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    channel: str = ""
    deposit_from: date | None = None
    deposit_to: date | None = None
    outcome: str = ""
    search: str = ""
    assigned_to_id: int | None = None
    open_only: bool = False  # the statuses still to work (received, in adjudication, waiting...)
    deadline: str = ""  # "today": reaching the scheme's delay today; "late": past it
    on: date | None = None  # the day the deadline is read on (today)


OPEN_STATUSES = (
    ClaimStatus.RECEIVED,
    ClaimStatus.IN_ADJUDICATION,
    ClaimStatus.WAITING_DOCUMENTS,
    ClaimStatus.MEDICAL_REVIEW,
)
DEADLINE_TODAY, DEADLINE_LATE = "today", "late"


def reimbursement_delays(*, on: date) -> dict[int, int]:
    """Each scheme's commitment to reimburse an insured person (days after the deposit), in
    force on `on` (`insured_payment_days`, a dated parameter): scheme id → days."""
    rows = SchemeParameter.objects.in_force_on(on).filter(code=ParameterCode.INSURED_PAYMENT_DAYS)
    return {scheme_id: int(value) for scheme_id, value in rows.values_list("scheme_id", "value")}


def deadline_q(*, on: date, which: str) -> Q:
    """Open claims whose reimbursement delay ends on `on` ("today") or ended before ("late")."""
    out = Q(pk__in=[])
    for scheme_id, days in reimbursement_delays(on=on).items():
        limit = on - timedelta(days=days)
        day = Q(deposit_date=limit) if which == DEADLINE_TODAY else Q(deposit_date__lt=limit)
        out |= Q(scheme_id=scheme_id) & day
    return out & Q(status__in=OPEN_STATUSES)


def beneficiary_find(*, identifier: str, rank: int | None = None) -> Beneficiary | None:
    """By registration number (rank 0 unless given) or by CIN."""
    identifier = identifier.strip()
    if not identifier:
        return None
    rows = Beneficiary.objects.select_related("member", "scheme")
    found = rows.filter(registration_number=identifier, rank=rank or 0).first()
    if found is None and rank is None:
        found = rows.filter(cin=normalize_cin(identifier)).first()
    return found


def _latest(field: str):
    return Subquery(
        Statement.objects.filter(claim_id=OuterRef("pk")).order_by("-version").values(field)[:1]
    )


def _filtered(filters: QueueFilters, *, with_status: bool = True) -> QuerySet[Claim]:
    qs = Claim.objects.all()
    if with_status and filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.deposit_from:
        qs = qs.filter(deposit_date__gte=filters.deposit_from)
    if filters.deposit_to:
        qs = qs.filter(deposit_date__lte=filters.deposit_to)
    if filters.assigned_to_id:
        qs = qs.filter(assigned_to_id=filters.assigned_to_id)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.deadline in (DEADLINE_TODAY, DEADLINE_LATE) and filters.on:
        qs = qs.filter(deadline_q(on=filters.on, which=filters.deadline))
    if filters.outcome:
        qs = qs.alias(latest_outcome=_latest("outcome")).filter(latest_outcome=filters.outcome)
    if term := filters.search.strip():
        qs = qs.filter(
            Q(reference__iexact=term)
            | Q(reference__istartswith=term)
            | Q(beneficiary__registration_number=term)
            | Q(beneficiary__cin=term.upper())
        )
    return qs


def claim_queue(*, filters: QueueFilters, sort: str = "-depot") -> QuerySet[Claim]:
    """The filtered claims, each with its latest statement's outcome and amounts."""
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["depot"])
    # claims without a statement come last either way (PostgreSQL puts NULLs first in DESC)
    order = [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields
    ]
    return (
        _filtered(filters)
        .select_related("beneficiary", "assigned_to")
        .annotate(
            latest_outcome=_latest("outcome"),
            latest_reimbursed=_latest("total_reimbursed"),
            latest_charged=_latest("total_charged"),
            line_count=Count("lines", distinct=True),
        )
        .order_by(*order)
    )


def status_counts(*, filters: QueueFilters) -> list[dict]:
    """Every status with the number of claims in it under the other filters."""
    counted = dict(
        _filtered(filters, with_status=False)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        {"value": value, "label": label, "count": counted.get(value, 0)}
        for value, label in ClaimStatus.choices
    ]


def claim_get(*, reference: str) -> Claim:
    """One claim with what its page shows (raises Claim.DoesNotExist)."""
    return (
        Claim.objects.select_related("beneficiary", "beneficiary__member", "scheme", "assigned_to")
        .prefetch_related(
            "lines",
            Prefetch(
                "lines__reviews",
                queryset=LineReview.objects.select_related("reviewer").order_by("-at", "-id"),
            ),
            Prefetch("transitions", queryset=_transitions()),
        )
        .get(reference=reference)
    )


def _transitions():
    return ClaimTransition.objects.select_related("by", "run").order_by("at", "id")


def claim_statements(*, claim: Claim) -> list[Statement]:
    """Every statement version of the claim, newest first, lines included."""
    return list(
        Statement.objects.filter(claim=claim)
        .select_related("adjudicated_by", "run")
        .prefetch_related(Prefetch("lines", queryset=StatementLine.objects.order_by("number")))
        .order_by("-version")
    )


def statement_get(*, claim: Claim, version: int | None = None) -> Statement | None:
    """The statement in force (the latest), or the given version."""
    qs = (
        Statement.objects.filter(claim=claim)
        .select_related("adjudicated_by")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=StatementLine.objects.select_related("claim_line").order_by("number"),
            )
        )
        .order_by("-version")
    )
    if version is not None:
        qs = qs.filter(version=version)
    return qs.first()
