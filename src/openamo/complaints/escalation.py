"""Deadlines watched: a warning in the hours before a deadline, then, once it has passed, the
breach flagged and the complaint escalated to the escalation team (`openamo
complaints_escalate`, run by cron every few minutes; running it again changes nothing).

The deadline watched is the first answer until the family has had one, then the resolution.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.audit.services import audit_write_many, change_of, snapshot
from openamo.notifications.services import notification_queue

from . import deadlines
from .documents import holder_id
from .models import AlertKind, Complaint, Deadline, DeadlineAlert, Status, Team

ESCALATION_TEAM = "escalade"
ESCALATED_EVENT = "complaint_escalated"
DUE_SOON_EVENT = "complaint_due_soon"


@dataclass(frozen=True)
class EscalationRun:
    warned: int
    escalated: int


def watched(complaint: Complaint) -> tuple[str, datetime]:
    if complaint.first_answered_at is None:
        return Deadline.FIRST_ANSWER, complaint.first_answer_due
    return Deadline.RESOLUTION, complaint.resolution_due


def _candidates(now: datetime) -> list[Complaint]:
    horizon = now + deadlines.WARNING
    return list(
        Complaint.objects.select_for_update(skip_locked=True)
        .exclude(status=Status.CLOSED)
        .filter(
            Q(first_answered_at__isnull=True, first_answer_due__lte=horizon)
            | Q(first_answered_at__isnull=False, resolution_due__lte=horizon)
        )
        .order_by("id")
    )


def _notify_escalated(complaint: Complaint, deadline: str) -> None:
    beneficiary_id = holder_id(complaint.member)
    if beneficiary_id is None:
        return
    what = _("première réponse") if deadline == Deadline.FIRST_ANSWER else _("résolution")
    notification_queue(
        beneficiary=complaint.member.beneficiaries.get(pk=beneficiary_id),
        event=ESCALATED_EVENT,
        subject=_("Votre réclamation %(ref)s est transmise à un responsable")
        % {"ref": complaint.reference},
        body=_(
            "Le délai de %(what)s de votre réclamation « %(title)s » est dépassé : nous vous "
            "présentons nos excuses. Elle est transmise à un responsable, qui vous répondra "
            "en priorité."
        )
        % {"what": what, "title": complaint.title},
        related=complaint,
    )


def _notify_due_soon(complaint: Complaint, deadline: str, due: datetime) -> None:
    """The complainant is told, hours before the deadline, that the complaint is followed and
    by when it is answered (the staff see the same warning in their queue)."""
    beneficiary_id = holder_id(complaint.member)
    if beneficiary_id is None:
        return
    what = _("première réponse") if deadline == Deadline.FIRST_ANSWER else _("résolution")
    notification_queue(
        beneficiary=complaint.member.beneficiaries.get(pk=beneficiary_id),
        event=DUE_SOON_EVENT,
        subject=_("Votre réclamation %(ref)s : échéance le %(due)s")
        % {"ref": complaint.reference, "due": f"{timezone.localtime(due):%d/%m/%Y}"},
        body=_(
            "Le délai de %(what)s de votre réclamation %(ref)s « %(title)s » arrive à "
            "échéance le %(due)s : elle est suivie en priorité par nos services."
        )
        % {
            "what": what,
            "ref": complaint.reference,
            "title": complaint.title,
            "due": f"{timezone.localtime(due):%d/%m/%Y %H:%M}",
        },
        link=reverse("portal:complaints:mine_detail", args=[complaint.reference]),
        related=complaint,
    )


@transaction.atomic
def complaints_escalate(*, now: datetime | None = None) -> EscalationRun:
    """Warn before each watched deadline and escalate after it, once each."""
    now = now or timezone.now()
    rows = _candidates(now)
    done = set(
        DeadlineAlert.objects.filter(complaint__in=rows).values_list(
            "complaint_id", "deadline", "kind"
        )
    )
    team = Team.objects.filter(code=ESCALATION_TEAM).first()
    alerts, changes = [], []
    for complaint in rows:
        deadline, due = watched(complaint)
        state = deadlines.deadline_state(due, None, now)
        if state == deadlines.SOON and (complaint.pk, deadline, AlertKind.WARNING) not in done:
            alerts.append(
                DeadlineAlert(
                    complaint=complaint,
                    deadline=deadline,
                    kind=AlertKind.WARNING,
                    due_at=due,
                    at=now,
                    from_team_id=complaint.team_id,
                )
            )
            _notify_due_soon(complaint, deadline, due)
        elif state == deadlines.LATE and (complaint.pk, deadline, AlertKind.BREACH) not in done:
            before = snapshot(complaint, ["team", "escalated_at"])
            alerts.append(
                DeadlineAlert(
                    complaint=complaint,
                    deadline=deadline,
                    kind=AlertKind.BREACH,
                    due_at=due,
                    at=now,
                    from_team_id=complaint.team_id,
                    to_team=team or complaint.team,
                )
            )
            complaint.team = team or complaint.team
            complaint.escalated_at = now
            complaint.save(update_fields=["team", "escalated_at"])
            changes.append(change_of(complaint, before, reason=f"délai dépassé : {deadline}"))
            _notify_escalated(complaint, deadline)
    DeadlineAlert.objects.bulk_create(alerts)
    audit_write_many(changes=changes, label="escalade des réclamations")
    return EscalationRun(
        warned=sum(a.kind == AlertKind.WARNING for a in alerts), escalated=len(changes)
    )
