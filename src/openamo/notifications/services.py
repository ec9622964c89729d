"""Writes to the outbox, called inside the caller's transaction (the message exists if and only
if the event does), and the inbox's writes (mark as read)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from openamo.core.bulk import rows_insert

from .models import RECIPIENT_FIELDS, Notification, NotificationChannel


def _recipient(kwargs: dict) -> dict:
    chosen = {f: kwargs.get(f) for f in RECIPIENT_FIELDS if kwargs.get(f) is not None}
    if len(chosen) != 1:
        raise ValueError(f"one recipient among {RECIPIENT_FIELDS}, got {sorted(chosen)}")
    return chosen


def notification_queue(
    *,
    event: str,
    subject: str,
    body: str,
    related=None,
    channel: str = NotificationChannel.PORTAL,
    link: str = "",
    legal: bool = False,
    beneficiary=None,
    employer=None,
    broker=None,
    mutuelle=None,
    provider=None,
) -> Notification:
    """A message waiting to be delivered to one recipient (the worker sends its copies)."""
    recipient = _recipient(
        {
            "beneficiary": beneficiary,
            "employer": employer,
            "broker": broker,
            "mutuelle": mutuelle,
            "provider": provider,
        }
    )
    return Notification.objects.create(
        **recipient,
        channel=channel,
        event=event,
        subject=subject[:200],
        body=body,
        link=link[:300],
        legal=legal,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=related.pk if related is not None else None,
    )


@dataclass(frozen=True)
class Message:
    """One message of a set-wise queueing (ids, not objects: the batch paths have no objects)."""

    recipient: str  # one of RECIPIENT_FIELDS
    recipient_id: int
    event: str
    subject: str
    body: str
    link: str = ""
    related_type_id: int | None = None
    related_id: int | None = None
    legal: bool = False


FIELDS = (
    *(f"{f}_id" for f in RECIPIENT_FIELDS),
    "channel",
    "event",
    "subject",
    "body",
    "link",
    "legal",
    "related_type_id",
    "related_id",
    "topic",
    "created_at",
)


def notifications_queue_many(messages: list[Message], *, now=None, topic: str = "") -> int:
    """Queue many portal messages in one statement (COPY on PostgreSQL)."""
    now = now or timezone.now()
    rows = [
        (
            *(m.recipient_id if m.recipient == f else None for f in RECIPIENT_FIELDS),
            NotificationChannel.PORTAL.value,
            m.event,
            m.subject[:200],
            m.body,
            m.link[:300],
            m.legal,
            m.related_type_id,
            m.related_id,
            topic,
            now,
        )
        for m in messages
    ]
    rows_insert(Notification, FIELDS, rows)
    return len(rows)


def notification_mark_sent(*, notification: Notification, at=None) -> Notification:
    """Idempotent: a message already sent keeps its first sending time."""
    if notification.sent_at is None:
        notification.sent_at = at or timezone.now()
        notification.save(update_fields=["sent_at"])
    return notification


def notifications_mark_read(rows, *, at=None) -> int:
    """Mark these inbox messages (a scoped queryset) as read; read ones keep their time."""
    return rows.filter(read_at__isnull=True).update(read_at=at or timezone.now())
