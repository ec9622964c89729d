"""Complaint writes: filing, assignment, messages (answers notify the family), closure,
satisfaction and reopening. One transaction each; `now` is injected for tests."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.audit.services import audit_write
from openamo.core.dated import NotInForce
from openamo.core.sequences import sequence_take
from openamo.documents.services import document_store, upload_check
from openamo.notifications.services import notification_queue

from .documents import holder_id
from .models import (
    Category,
    Channel,
    Complaint,
    ComplaintDelay,
    Message,
    Resolution,
    Route,
    Status,
    Subject,
)

ANSWERED_EVENT = "complaint_answered"


def delay_for(category: Category, day) -> ComplaintDelay:
    """The delays in force on `day` for the category, its nearest ancestor, else the default."""
    for node in category.lineage():
        row = ComplaintDelay.objects.in_force_on(day).filter(category=node).first()
        if row is not None:
            return row
    try:
        return ComplaintDelay.in_force(day, category=None)
    except NotInForce as exc:
        raise ValidationError({"category": str(exc)}) from exc


def route_for(category: Category, delegation_id):
    """The team of the category (or its nearest ancestor), the delegation's row first."""
    for node in category.lineage():
        routes = {r.delegation_id: r.team for r in Route.objects.filter(category=node)}
        team = routes.get(delegation_id) if delegation_id else None
        if team is None:
            team = routes.get(None)
        if team is not None:
            return team
    return None


def _attach(message: Message, attachments: Sequence, *, by, now) -> None:
    """Keep the message's attachments (already checked), as documents of the message."""
    beneficiary_id = holder_id(message.complaint.member) if attachments else None
    for upload in attachments:
        document_store(
            upload=upload,
            owner=message,
            user=by,
            beneficiary_id=beneficiary_id,
            field="attachment",
            now=now,
        )


def _check_attachments(attachments: Sequence) -> None:
    """Refuse a bad file before anything is written (size, then content)."""
    for upload in attachments:
        upload_check(upload, field="attachment")


def _subject_of(*, claim, authorization, payment) -> str:
    if claim is not None:
        return Subject.CLAIM
    if authorization is not None:
        return Subject.AUTHORIZATION
    if payment is not None:
        return Subject.PAYMENT
    return Subject.OTHER


def _check_family(member, *, claim, authorization, payment) -> None:
    if claim is not None and claim.beneficiary.member_id != member.pk:
        raise ValidationError({"claim": _("Ce dossier n'appartient pas à cette famille.")})
    if authorization is not None and authorization.beneficiary.member_id != member.pk:
        raise ValidationError(
            {"authorization": _("Cette prise en charge n'appartient pas à cette famille.")}
        )
    if payment is not None and payment.member_id != member.pk:
        raise ValidationError({"payment": _("Ce paiement n'appartient pas à cette famille.")})


@transaction.atomic
def complaint_file(
    *,
    member,
    by,
    category: Category,
    title: str,
    body: str,
    channel: str = Channel.PORTAL,
    claim=None,
    authorization=None,
    payment=None,
    attachments: Sequence = (),
    now: datetime | None = None,
) -> Complaint:
    """A new complaint with its first message (and its attachments), routed and with its
    deadlines."""
    now = now or timezone.now()
    if not body.strip():
        raise ValidationError({"body": _("Décrivez votre réclamation.")})
    _check_attachments(attachments)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Canal inconnu.")})
    _check_family(member, claim=claim, authorization=authorization, payment=payment)
    delay = delay_for(category, timezone.localdate(now))
    delegation_id = member.city.delegation_id if member.city_id else None
    number = sequence_take("complaint")[0]
    complaint = Complaint.objects.create(
        reference=f"REC-{now:%Y}-{number:06d}",
        member=member,
        subject=_subject_of(claim=claim, authorization=authorization, payment=payment),
        claim=claim,
        authorization=authorization,
        payment=payment,
        category=category,
        title=title.strip()[:200] or str(category.label),
        channel=channel,
        team=route_for(category, delegation_id),
        filed_by=by,
        filed_at=now,
        first_answer_due=now + timedelta(hours=delay.first_answer_hours),
        resolution_due=now + timedelta(days=delay.resolution_days),
        reopen_days=delay.reopen_days,
    )
    first = Message.objects.create(
        complaint=complaint,
        author=by,
        from_staff=channel != Channel.PORTAL,
        body=body.strip(),
        created_at=now,
    )
    _attach(first, attachments, by=by, now=now)
    audit_write(obj=complaint, action="create", user=by, label=complaint.reference)
    return complaint


@transaction.atomic
def complaint_assign(*, complaint: Complaint, by, agent, team=None) -> Complaint:
    before = [complaint.assigned_to_id, complaint.team_id]
    complaint.assigned_to = agent
    if team is not None:
        complaint.team = team
    if complaint.status == Status.NEW:
        complaint.status = Status.IN_PROGRESS
    complaint.save(update_fields=["assigned_to", "team", "status"])
    audit_write(
        obj=complaint,
        action="update",
        user=by,
        changes={"assigned_to": [before[0], getattr(agent, "pk", None)]},
    )
    return complaint


def _notify_answered(complaint: Complaint, answer: str) -> None:
    """The family reads the answer itself in its inbox and in the e-mail copy (staff answers
    are written for the complainant; internal notes never come here)."""
    holder = complaint.member.beneficiaries.order_by("rank").first()
    if holder is None:
        return
    notification_queue(
        beneficiary=holder,
        event=ANSWERED_EVENT,
        subject=_("Réponse à votre réclamation %(ref)s") % {"ref": complaint.reference},
        body=_(
            "La caisse a répondu à votre réclamation %(ref)s « %(title)s » :\n\n%(answer)s\n\n"
            "Retrouvez l'échange et les pièces jointes dans votre espace, rubrique "
            "Mes réclamations."
        )
        % {"ref": complaint.reference, "title": complaint.title, "answer": answer},
        link=reverse("portal:complaints:mine_detail", args=[complaint.reference]),
        related=complaint,
    )


def _ensure_open(complaint: Complaint) -> None:
    if complaint.status == Status.CLOSED:
        raise ValidationError({"body": _("Cette réclamation est clôturée : rouvrez-la d'abord.")})


@transaction.atomic
def complaint_message_post(
    *,
    complaint: Complaint,
    by,
    body: str,
    from_staff: bool,
    internal: bool = False,
    attachments: Sequence = (),
    now: datetime | None = None,
) -> Message:
    """A message of the thread. A staff message that is not an internal note is an answer:
    it stamps the first answer, marks the complaint answered and notifies the family."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _ensure_open(complaint)
    if not body.strip():
        raise ValidationError({"body": _("Le message est vide.")})
    if internal and not from_staff:
        raise ValidationError({"internal": _("Seule la caisse écrit des notes internes.")})
    _check_attachments(attachments)
    message = Message.objects.create(
        complaint=complaint,
        author=by,
        from_staff=from_staff,
        internal=internal,
        body=body.strip(),
        created_at=now,
    )
    _attach(message, attachments, by=by, now=now)
    if from_staff and not internal:
        if complaint.first_answered_at is None:
            complaint.first_answered_at = now
        complaint.status = Status.ANSWERED
        _notify_answered(complaint, message.body)
    elif not from_staff and complaint.status == Status.ANSWERED:
        complaint.status = Status.IN_PROGRESS
    complaint.save(update_fields=["first_answered_at", "status"])
    return message


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, by, resolution: str, now: datetime | None = None
) -> Complaint:
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _ensure_open(complaint)
    if resolution not in Resolution.values:
        raise ValidationError({"resolution": _("Choisissez un code de résolution.")})
    complaint.status = Status.CLOSED
    complaint.closed_at = now
    complaint.resolution = resolution
    complaint.save(update_fields=["status", "closed_at", "resolution"])
    audit_write(
        obj=complaint,
        action="transition",
        user=by,
        changes={"resolution": [None, resolution]},
    )
    return complaint


@transaction.atomic
def complaint_satisfaction(*, complaint: Complaint, satisfied: bool) -> Complaint:
    """The complainant's answer to « Êtes-vous satisfait ? », once the complaint is closed."""
    if complaint.status != Status.CLOSED:
        raise ValidationError({"satisfied": _("La réclamation n'est pas encore clôturée.")})
    complaint.satisfied = satisfied
    complaint.save(update_fields=["satisfied"])
    return complaint


@transaction.atomic
def complaint_close_by_complainant(
    *, complaint: Complaint, by, satisfied: bool, now: datetime | None = None
) -> Complaint:
    """The family closes a complaint the fund has answered, saying whether it is satisfied."""
    if complaint.status != Status.ANSWERED:
        raise ValidationError(
            {"status": _("Vous pourrez clôturer votre réclamation quand la caisse aura répondu.")}
        )
    complaint = complaint_close(complaint=complaint, by=by, resolution=Resolution.ACCEPTED, now=now)
    return complaint_satisfaction(complaint=complaint, satisfied=satisfied)


def reopen_deadline(complaint: Complaint):
    if complaint.closed_at is None:
        return None
    return complaint.closed_at + timedelta(days=complaint.reopen_days)


@transaction.atomic
def complaint_reopen(
    *, complaint: Complaint, by, body: str = "", from_staff: bool, now: datetime | None = None
) -> Complaint:
    """Back in progress, if closed no longer ago than the category's reopening delay."""
    now = now or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Status.CLOSED:
        raise ValidationError({"status": _("Cette réclamation n'est pas clôturée.")})
    if now > reopen_deadline(complaint):
        raise ValidationError(
            {
                "status": _(
                    "Le délai de réouverture (%(days)s jours après la clôture) est dépassé : "
                    "déposez une nouvelle réclamation."
                )
                % {"days": complaint.reopen_days}
            }
        )
    complaint.status = Status.IN_PROGRESS
    complaint.closed_at = None
    complaint.resolution = ""
    complaint.satisfied = None
    complaint.reopened_count += 1
    complaint.save(
        update_fields=["status", "closed_at", "resolution", "satisfied", "reopened_count"]
    )
    if body.strip():
        Message.objects.create(
            complaint=complaint, author=by, from_staff=from_staff, body=body.strip(), created_at=now
        )
    audit_write(obj=complaint, action="transition", reason="réouverture", user=by)
    return complaint
