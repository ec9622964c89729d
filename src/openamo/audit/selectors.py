"""Reads of the audit trail and the read log for the controllers' pages (querysets, filtered)."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import AccessLog, AuditEntry

ZERO, TENTH = Decimal(0), Decimal("0.1")

# The objects whose writes are recorded (the trail's « type d'objet » filter).
AUDITED = (
    "claims.Claim",
    "claims.LineReview",
    "authorizations.AuthorizationRequest",
    "authorizations.DirectBillingAgreement",
    "authorizations.InvoiceBatch",
    "authorizations.Invoice",
    "payments.PaymentRun",
    "payments.PaymentOrder",
    "payments.PaymentHold",
    "members.Member",
    "members.Dependent",
    "members.Beneficiary",
    "members.Employer",
    "members.LifeEvent",
    "members.RightsSuspension",
    "members.AldExemption",
    "members.RibChangeRequest",
)


def audited_types() -> list[tuple[int, str]]:
    """(content type id, French name) of the audited models, by name."""
    models = [apps.get_model(name) for name in AUDITED]
    types = ContentType.objects.get_for_models(*models)
    return sorted(
        ((types[m].pk, str(m._meta.verbose_name).capitalize()) for m in models),
        key=lambda pair: pair[1],
    )


def _bounds(start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(created_at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        q &= Q(created_at__lt=timezone.make_aware(datetime.combine(end + timedelta(1), time.min)))
    return q


def _person(value: str, user_field: str) -> Q:
    value = value.strip()
    return Q(**{f"{user_field}__username": value}) | Q(actor_label__iexact=value)


def trail(
    *,
    actor: str = "",
    object_type: int | None = None,
    object_ref: str = "",
    start: date | None = None,
    end: date | None = None,
    action: str = "",
) -> QuerySet[AuditEntry]:
    """Entries by processor (user name or batch label), object (type, id or reference),
    period and action, with their author and type loaded."""
    rows = AuditEntry.objects.select_related("actor", "object_type").filter(_bounds(start, end))
    if actor.strip():
        rows = rows.filter(_person(actor, "actor"))
    if object_type:
        rows = rows.filter(object_type_id=object_type)
    if ref := object_ref.strip():
        rows = rows.filter(Q(object_id=ref) | Q(object_repr__istartswith=ref))
    if action:
        rows = rows.filter(action=action)
    return rows


def reads(
    *,
    reader: str = "",
    person: str = "",
    what: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[AccessLog]:
    """Reads by reader, person read (registration number or CIN), kind and period."""
    rows = AccessLog.objects.select_related("user", "beneficiary").filter(_bounds(start, end))
    if reader.strip():
        rows = rows.filter(_person(reader, "user"))
    if ref := person.strip().upper():
        rows = rows.filter(
            Q(beneficiary__registration_number=ref.split("/")[0]) | Q(beneficiary__cin=ref)
        )
    if what:
        rows = rows.filter(what=what)
    return rows


@dataclass
class ProcessorStats:
    """One processor's activity over a period, beside the median of all processors."""

    actor: str
    files: int
    days: int
    adjudications: int
    rejections: int
    reviews: int
    per_day: Decimal = ZERO
    rejection_rate: Decimal = ZERO
    override_rate: Decimal = ZERO
    per_day_gap: Decimal = ZERO
    rejection_gap: Decimal = ZERO
    override_gap: Decimal = ZERO


def _tenth(value) -> Decimal:
    return Decimal(value).quantize(TENTH, ROUND_HALF_UP)


def _ratio(part: int, whole: int, scale: int = 1) -> Decimal:
    return _tenth(Decimal(part * scale) / whole) if whole else ZERO


def processor_statistics(*, start: date, end: date) -> tuple[list[ProcessorStats], dict]:
    """Per named processor: claim files handled per active day, the share of their
    adjudications that rejected the file, and their override rate (lines whose engine result
    they replaced by a medical review, per file handled); with the peers' medians."""
    claim, review = (
        ContentType.objects.get_for_model(apps.get_model(m))
        for m in ("claims.Claim", "claims.LineReview")
    )
    rows = (
        AuditEntry.objects.filter(_bounds(start, end), actor__isnull=False)
        .filter(object_type__in=[claim, review])
        .values("actor__username")
        .annotate(
            files=Count("object_id", distinct=True, filter=Q(object_type=claim)),
            days=Count(TruncDate("created_at"), distinct=True),
            adjudications=Count("id", filter=Q(object_type=claim, changes__has_key="outcome")),
            rejections=Count("id", filter=Q(object_type=claim, changes__outcome__1="rejected")),
            reviews=Count("id", filter=Q(object_type=review)),
        )
        .order_by("actor__username")
    )
    stats = []
    for r in rows:
        s = ProcessorStats(
            r["actor__username"],
            r["files"],
            r["days"],
            r["adjudications"],
            r["rejections"],
            r["reviews"],
        )
        s.per_day = _ratio(s.files, s.days)
        s.rejection_rate = _ratio(s.rejections, s.adjudications, 100)
        s.override_rate = _ratio(s.reviews, s.files, 100)
        stats.append(s)
    medians = {
        key: _tenth(statistics.median(getattr(s, key) for s in stats)) if stats else ZERO
        for key in ("per_day", "rejection_rate", "override_rate")
    }
    for s in stats:
        s.per_day_gap = s.per_day - medians["per_day"]
        s.rejection_gap = s.rejection_rate - medians["rejection_rate"]
        s.override_gap = s.override_rate - medians["override_rate"]
    return stats, medians
