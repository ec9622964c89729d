"""Complaint reads: the staff queue with its deadline flags, one family's complaints."""

from datetime import datetime

from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, QuerySet, When
from django.http import Http404

from openamo.documents.services import documents_by_owner
from openamo.portal.selectors import insured_member

from . import deadlines
from .models import Complaint, Message, Status

STATES = (deadlines.LATE, deadlines.SOON)


def _open() -> Q:
    return ~Q(status=Status.CLOSED)


def with_deadlines(rows: QuerySet, now: datetime) -> QuerySet:
    """`next_due`: the first-answer deadline until answered, then the resolution one;
    `late`: open and past it (at the exact instant included); `due_soon`: open and due within
    the warning (6 h)."""
    rows = rows.annotate(
        next_due=Case(
            When(first_answered_at__isnull=True, then=F("first_answer_due")),
            default=F("resolution_due"),
        )
    )
    open_ = _open()
    return rows.annotate(
        late=ExpressionWrapper(open_ & Q(next_due__lte=now), output_field=BooleanField()),
        due_soon=ExpressionWrapper(
            open_ & Q(next_due__gt=now, next_due__lte=now + deadlines.WARNING),
            output_field=BooleanField(),
        ),
    )


def complaint_queue(
    *,
    now: datetime,
    status: str = "open",
    state: str = "",
    team_id: int | None = None,
    agent=None,
    category_id: int | None = None,
    q: str = "",
) -> QuerySet[Complaint]:
    rows = with_deadlines(
        Complaint.objects.select_related("member", "category", "team", "assigned_to"), now
    )
    if status == "open":
        rows = rows.filter(_open())
    elif status in Status.values:
        rows = rows.filter(status=status)
    if state == deadlines.LATE:
        rows = rows.filter(late=True)
    elif state == deadlines.SOON:
        rows = rows.filter(due_soon=True)
    if team_id:
        rows = rows.filter(team_id=team_id)
    if agent is not None:
        rows = rows.filter(assigned_to=agent)
    if category_id:
        rows = rows.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if q:
        rows = rows.filter(
            Q(reference__iexact=q)
            | Q(member__registration_number=q)
            | Q(member__last_name__icontains=q)
        )
    return rows.order_by("next_due", "id")


def complaint_get(reference: str) -> Complaint:
    found = Complaint.objects.select_related(
        "member", "category", "team", "assigned_to", "claim", "authorization", "payment"
    ).filter(reference=reference)
    complaint = found.first()
    if complaint is None:
        raise Http404("réclamation introuvable")
    return complaint


def thread(complaint: Complaint, *, staff: bool) -> list[Message]:
    """The messages a reader may see (internal notes only for staff), each with its
    `attachments` (two queries in all)."""
    rows = complaint.messages.select_related("author")
    rows = list(rows if staff else rows.filter(internal=False))
    found = documents_by_owner(Message, [m.pk for m in rows])
    for message in rows:
        message.attachments = found.get(message.pk, [])
    return rows


def family_complaints(user) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(member=insured_member(user))
        .select_related("category", "claim", "authorization", "payment")
        .order_by("-filed_at", "-id")
    )


def family_complaint(user, reference: str) -> Complaint:
    complaint = family_complaints(user).filter(reference=reference).first()
    if complaint is None:
        raise Http404("réclamation introuvable")
    return complaint
