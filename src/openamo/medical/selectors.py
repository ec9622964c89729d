"""Reads of the medical control: required documents, routing, queues, the beneficiary's
medical history, statistics per reviewer. Scoping: a provider sees the requests its physicians
filed, the insured their family's, medical staff every one."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from openamo.referentials.models import Delegation, DocumentType

from .models import (
    OPEN_STATUSES,
    AldDocumentRule,
    AldRequest,
    CounterExamination,
    ExamStatus,
    RequestStatus,
)

OPEN = list(OPEN_STATUSES)
MEDICAL_PERMISSION = "medical.view_aldrequest"


def is_medical_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(MEDICAL_PERMISSION)


def required_documents(*, condition_code: str, day: date) -> list[DocumentType]:
    rules = (
        AldDocumentRule.objects.in_force_on(day)
        .filter(Q(condition_code="") | Q(condition_code=condition_code))
        .select_related("document_type")
        .order_by("condition_code", "document_type__code")
    )
    seen, out = set(), []
    for rule in rules:
        if rule.document_type_id not in seen:
            seen.add(rule.document_type_id)
            out.append(rule.document_type)
    return out


def delegation_of(beneficiary, provider=None) -> Delegation | None:
    """The beneficiary's delegation (by the member's city), else the physician's."""
    city = beneficiary.member.city
    if city is not None and city.delegation_id:
        return city.delegation
    if provider is not None and provider.city_id:
        return provider.city.delegation
    return None


def exam_pending(request: AldRequest) -> bool:
    return request.counter_exams.filter(
        status__in=[ExamStatus.SCHEDULED, ExamStatus.ATTENDED]
    ).exists()


def requests_all() -> QuerySet[AldRequest]:
    return AldRequest.objects.select_related(
        "beneficiary", "condition", "delegation", "assigned_to", "provider"
    )


def queue(
    *,
    delegation_id: int | None = None,
    reviewer=None,
    status: str = "",
    late_on: date | None = None,
) -> QuerySet[AldRequest]:
    """The open requests, oldest deadline first; filtered by delegation, by reviewer (with
    the unassigned ones of the queue), by status, or to the late ones on a day."""
    qs = requests_all().filter(status__in=OPEN)
    if delegation_id:
        qs = qs.filter(delegation_id=delegation_id)
    if reviewer is not None:
        qs = qs.filter(assigned_to=reviewer)
    if status in OPEN:
        qs = qs.filter(status=status)
    if late_on is not None:
        qs = qs.filter(due_on__lt=late_on)
    return qs.order_by("due_on", "id")


def request_for_staff(user, reference: str) -> AldRequest:
    if not is_medical_staff(user):
        raise Http404("Demande introuvable")
    found = requests_all().filter(reference=reference).first()
    if found is None:
        raise Http404("Demande introuvable")
    return found


def provider_requests(provider) -> QuerySet[AldRequest]:
    return requests_all().filter(provider=provider).order_by("-filed_at", "-id")


def family_requests(member) -> QuerySet[AldRequest]:
    return requests_all().filter(beneficiary__member=member).order_by("-filed_at", "-id")


def exams_open() -> QuerySet[CounterExamination]:
    return CounterExamination.objects.filter(
        status__in=[ExamStatus.SCHEDULED, ExamStatus.ATTENDED]
    ).select_related("beneficiary", "ordered_by")


def exam_for_staff(user, reference: str) -> CounterExamination:
    if not is_medical_staff(user):
        raise Http404("Contre-visite introuvable")
    found = (
        CounterExamination.objects.select_related(
            "beneficiary", "claim_line__claim", "authorization", "ald_request"
        )
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404("Contre-visite introuvable")
    return found


def medical_history(beneficiary) -> dict:
    """Exemptions, ALD requests, counter-examinations and reviewed claim lines of one
    beneficiary (for medical staff only: the views check it)."""
    from openamo.claims.models import LineReview

    return {
        "exemptions": list(
            beneficiary.exemptions.select_related("condition").order_by("-starts_on")
        ),
        "requests": list(requests_all().filter(beneficiary=beneficiary).order_by("-filed_at")),
        "exams": list(beneficiary.counter_exams.order_by("-scheduled_at")),
        "reviews": list(
            LineReview.objects.filter(claim_line__claim__beneficiary=beneficiary)
            .select_related("claim_line__claim", "reviewer")
            .order_by("-at")[:50]
        ),
    }


def reviewer_statistics() -> list[dict]:
    """Per reviewer: requests decided, granted, refused, late; counter-examinations decided."""
    rows = (
        AldRequest.objects.filter(decided_by__isnull=False)
        .values("decided_by__username")
        .annotate(
            decided=Count("id"),
            granted=Count("id", filter=Q(status=RequestStatus.GRANTED)),
            refused=Count("id", filter=Q(status=RequestStatus.REFUSED)),
            late=Count("id", filter=Q(decided_at__date__gt=F("due_on"))),
        )
        .order_by("decided_by__username")
    )
    exams = dict(
        CounterExamination.objects.filter(decided_by__isnull=False)
        .values_list("decided_by__username")
        .annotate(n=Count("id"))
    )
    return [
        {
            "reviewer": r["decided_by__username"],
            "decided": r["decided"],
            "granted": r["granted"],
            "refused": r["refused"],
            "late": r["late"],
            "exams": exams.get(r["decided_by__username"], 0),
        }
        for r in rows
    ]


CATEGORY_LABELS = {
    "claim_line": _("Ligne de dossier"),
    "authorization": _("Prise en charge"),
    "ald_request": _("Demande ALD"),
}


def exam_statistics() -> list[dict]:
    """Counter-examinations per category and outcome, in French (for the dashboards)."""
    counts: dict[tuple[str, str], int] = {}
    for exam in CounterExamination.objects.only(
        "claim_line_id", "authorization_id", "ald_request_id", "status", "outcome"
    ):
        label = (
            exam.get_status_display()
            if exam.status == ExamStatus.NO_SHOW
            else (exam.get_outcome_display() if exam.outcome else exam.get_status_display())
        )
        key = (str(CATEGORY_LABELS[exam.category]), str(label))
        counts[key] = counts.get(key, 0) + 1
    return [{"category": c, "outcome": o, "count": n} for (c, o), n in sorted(counts.items())]
