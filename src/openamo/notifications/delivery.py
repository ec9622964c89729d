"""The delivery workers' steps: spread the outbox into copies, claim the copies that are due,
send them, record the outcome; retry with exponential backoff; never send a copy twice.

How a copy is never sent twice:
- a worker claims a copy (PENDING → SENDING, with a lease) in a committed transaction before
  it sends; two workers never claim the same copy (`select_for_update(skip_locked)`, and the
  claim is a conditional update);
- the outcome is recorded after the send, outside the error handler: a failure raised BY the
  send puts the copy back to PENDING with a delay (nothing was handed over); a failure AFTER
  the send (the database, the process killed) leaves it SENDING;
- a copy still SENDING when its lease has run out was perhaps handed over. An SMS is sent
  again with the same key, which the gateway drops if it already had it; an e-mail is not sent
  again (SMTP has no such key) and is marked UNCERTAIN for the staff: the message is still in
  the recipient's inbox.
"""

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .channels import PermanentError, email_send, sms_gateway
from .models import Delivery, DeliveryStatus, Notification, NotificationChannel
from .recipients import copies_of

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
LEASE = timedelta(minutes=5)  # longer than any send (EMAIL_TIMEOUT, the gateway's timeout)
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8... minutes, at most 6 hours."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


@dataclass
class Pass:
    dispatched: int = 0
    sent: int = 0
    failed: int = 0
    recovered: int = 0

    @property
    def busy(self) -> bool:
        return bool(self.dispatched or self.sent or self.failed or self.recovered)


@transaction.atomic
def notifications_dispatch(*, now: datetime, limit: int = 500) -> int:
    """Give each new message its copies (per recipient, preferences and addresses)."""
    batch = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(dispatched_at__isnull=True)
        .order_by("id")[:limit]
    )
    if not batch:
        return 0
    plan = copies_of(batch)
    Delivery.objects.bulk_create(
        [
            Delivery(notification=n, channel=channel, address=address, next_attempt_at=now)
            for n in batch
            for channel, address in plan[n.pk]
        ],
        ignore_conflicts=True,
    )
    Notification.objects.filter(id__in=[n.pk for n in batch]).update(dispatched_at=now)
    Notification.objects.filter(id__in=[n.pk for n in batch if not plan[n.pk]]).update(sent_at=now)
    return len(batch)


def deliveries_recover(*, now: datetime) -> int:
    """Copies whose worker died during the send (lease run out): see the module's note."""
    with transaction.atomic():
        stale = list(
            Delivery.objects.select_for_update(skip_locked=True).filter(
                status=DeliveryStatus.SENDING, lease_until__lt=now
            )
        )
        gateway = sms_gateway()
        resend = [
            d.pk
            for d in stale
            if d.channel == NotificationChannel.SMS and gateway is not None and gateway.idempotent
        ]
        doubtful = [d.pk for d in stale if d.pk not in resend]
        Delivery.objects.filter(id__in=resend, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, next_attempt_at=now, lease_until=None
        )
        Delivery.objects.filter(id__in=doubtful, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.UNCERTAIN,
            lease_until=None,
            last_error="envoi interrompu après la remise possible : non renvoyé",
        )
    _finish({d.notification_id for d in stale}, now)
    return len(stale)


def deliveries_claim(
    *, now: datetime, limit: int = 100, lease: timedelta = LEASE
) -> list[Delivery]:
    """Reserve the copies due now (committed before anything is sent)."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .select_related("notification")
            .order_by("next_attempt_at", "id")[:limit]
        )
        if not rows:
            return []
        claimed = Delivery.objects.filter(
            id__in=[d.pk for d in rows], status=DeliveryStatus.PENDING
        ).update(status=DeliveryStatus.SENDING, lease_until=now + lease, attempts=F("attempts") + 1)
        if claimed != len(rows):  # another worker got some first (SQLite has no row locks)
            mine = set(
                Delivery.objects.filter(
                    id__in=[d.pk for d in rows], lease_until=now + lease
                ).values_list("id", flat=True)
            )
            rows = [d for d in rows if d.pk in mine]
    for d in rows:
        d.status, d.attempts = DeliveryStatus.SENDING, d.attempts + 1
    return rows


def _send(delivery: Delivery, gateway, connection) -> str:
    n = delivery.notification
    key = str(delivery.key)
    if delivery.channel == NotificationChannel.EMAIL:
        text = f"{n.body}\n\n{n.link}" if n.link else n.body
        return email_send(
            to=delivery.address, subject=n.subject, body=text, key=key, connection=connection
        )
    if delivery.channel == NotificationChannel.SMS:
        if gateway is None:
            raise PermanentError("aucune passerelle SMS configurée")
        return gateway.send(to=delivery.address, text=n.body, key=key)
    raise PermanentError(f"canal sans envoi : {delivery.channel}")


def delivery_failed(*, delivery: Delivery, error: str, now: datetime, permanent=False) -> None:
    give_up = permanent or delivery.attempts >= MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING,
        next_attempt_at=now + backoff(delivery.attempts),
        lease_until=None,
        last_error=error[:500],
    )
    if give_up:
        _finish({delivery.notification_id}, now)


def delivery_sent(*, delivery: Delivery, reference: str, now: datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=now, lease_until=None, gateway_reference=reference
    )
    _finish({delivery.notification_id}, now)


def _finish(notification_ids: set[int], now: datetime) -> None:
    """A message is sent once none of its copies is still open."""
    if notification_ids:
        Notification.objects.filter(id__in=notification_ids, sent_at__isnull=True).exclude(
            Q(deliveries__status__in=OPEN)
        ).update(sent_at=now)


def deliveries_send(rows: list[Delivery], *, now: datetime) -> tuple[int, int]:
    """Send claimed copies one by one (outcomes dated `now`, the pass's time); returns
    (sent, failed)."""
    sent = failed = 0
    if not rows:
        return 0, 0
    gateway, connection = sms_gateway(), get_connection()
    try:
        for delivery in rows:
            try:
                reference = _send(delivery, gateway, connection)
            except PermanentError as exc:
                delivery_failed(delivery=delivery, error=str(exc), now=now, permanent=True)
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - any failure of the send is retried
                log.warning("envoi %s en échec : %s", delivery.pk, exc)
                delivery_failed(delivery=delivery, error=f"{type(exc).__name__}: {exc}", now=now)
                failed += 1
                continue
            delivery_sent(delivery=delivery, reference=reference, now=now)
            sent += 1
    finally:
        with contextlib.suppress(Exception):  # a broken SMTP connection closes as it can
            connection.close()
    return sent, failed


def worker_pass(*, now: datetime | None = None, limit: int = 100) -> Pass:
    """One pass of a worker: recover, spread, claim, send."""
    now = now or timezone.now()
    done = Pass(recovered=deliveries_recover(now=now))
    done.dispatched = notifications_dispatch(now=now)
    rows = deliveries_claim(now=now, limit=limit)
    done.sent, done.failed = deliveries_send(rows, now=now)
    return done
