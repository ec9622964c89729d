"""Writes to the outbox. Called inside the caller's transaction."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Notification, NotificationChannel


def notification_queue(
    *,
    beneficiary,
    event: str,
    subject: str,
    body: str,
    related=None,
    channel: str = NotificationChannel.PORTAL,
) -> Notification:
    """A message waiting to be sent (the channel workers set `sent_at`)."""
    return Notification.objects.create(
        beneficiary=beneficiary,
        channel=channel,
        event=event,
        subject=subject[:200],
        body=body,
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=related.pk if related is not None else None,
    )


def notification_mark_sent(*, notification: Notification, at=None) -> Notification:
    """Idempotent: a message already sent keeps its first sending time."""
    if notification.sent_at is None:
        notification.sent_at = at or timezone.now()
        notification.save(update_fields=["sent_at"])
    return notification
