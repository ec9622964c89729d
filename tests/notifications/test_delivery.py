"""The worker delivers the outbox by e-mail (a real local SMTP server) and SMS (a real local
HTTP gateway), retries with backoff, respects preferences, and never delivers a copy twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openamo.notifications import delivery as worker
from openamo.notifications.channels import FileSmsGateway
from openamo.notifications.models import Delivery, DeliveryStatus, Notification, Preference
from openamo.notifications.services import notification_queue

pytestmark = pytest.mark.django_db


def _queue(world, **kw):
    kw.setdefault("beneficiary", world.holder)
    return notification_queue(
        event="claim_adjudicated",
        subject="Votre dossier D-1 est liquidé",
        body="Montant remboursé : 120,00 DH.",
        link="/mon-espace/dossiers/D-1/",
        **kw,
    )


def _by_channel(notification):
    return {d.channel: d for d in notification.deliveries.all()}


def test_a_family_message_goes_by_email_and_sms_once(world, smtp, gateway):
    n = _queue(world)
    first = worker.worker_pass()
    assert (first.dispatched, first.sent, first.failed) == (1, 2, 0)
    assert [m["to"] for m in smtp.messages] == [["karim@example.ma"]]
    assert "Montant remboursé : 120,00 DH." in smtp.messages[0]["content"]
    assert "/mon-espace/dossiers/D-1/" in smtp.messages[0]["content"]
    copies = _by_channel(n)
    assert f"<{copies['email'].key}@openamo>" in smtp.messages[0]["content"]
    (sms,) = gateway.delivered.values()
    assert sms == {
        "to": "0612345678",
        "text": "Montant remboursé : 120,00 DH.",
        "reference": str(copies["sms"].key),
    }
    assert gateway.requests[0]["auth"] == "Bearer secret-token"
    n.refresh_from_db()
    assert n.sent_at is not None
    again = worker.worker_pass()
    assert not again.busy and len(smtp.messages) == 1 and len(gateway.requests) == 1


def test_an_employer_message_goes_to_its_agent_and_its_phone(world, smtp, gateway):
    n = _queue(world, beneficiary=None, employer=world.employer)
    worker.worker_pass()
    assert [m["to"] for m in smtp.messages] == [["drh@atlas.ma"]]
    assert [r["to"] for r in gateway.requests] == ["0522000000"]
    assert {d.status for d in n.deliveries.all()} == {DeliveryStatus.SENT}


def test_opt_out_is_respected_except_for_legal_notices(world, smtp, gateway):
    Preference.objects.create(user=world.insured, channel="email", enabled=False)
    Preference.objects.create(user=world.insured, channel="sms", enabled=False)
    quiet = _queue(world)
    legal = _queue(world, legal=True)
    worker.worker_pass()
    assert not quiet.deliveries.exists()
    quiet.refresh_from_db()
    assert quiet.sent_at is not None  # nothing to push: the inbox copy is the delivery
    assert set(_by_channel(legal)) == {"email", "sms"}
    assert len(smtp.messages) == 1 and len(gateway.delivered) == 1


def test_a_code_by_sms_goes_by_sms_only(world, smtp, gateway):
    Preference.objects.create(user=world.insured, channel="sms", enabled=False)
    n = _queue(world, channel="sms")
    worker.worker_pass()
    assert set(_by_channel(n)) == {"sms"} and not smtp.messages
    assert len(gateway.delivered) == 1


def test_a_failed_send_is_retried_with_exponential_backoff(world, gateway, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    gateway.fail_next = 2
    n = _queue(world, channel="sms")
    now = timezone.now()
    assert worker.worker_pass(now=now).failed == 1
    sms = n.deliveries.get()
    assert (sms.status, sms.attempts) == (DeliveryStatus.PENDING, 1)
    assert "HTTPError" in sms.last_error
    waited = sms.next_attempt_at - now
    assert timedelta(seconds=59) < waited < timedelta(seconds=70)
    assert not worker.worker_pass(now=now + timedelta(seconds=30)).busy  # not due yet
    assert worker.worker_pass(now=sms.next_attempt_at).failed == 1
    sms.refresh_from_db()
    assert sms.attempts == 2
    assert (
        timedelta(seconds=119)
        < sms.next_attempt_at - now - timedelta(seconds=60)
        < timedelta(seconds=140)
    )
    assert worker.worker_pass(now=sms.next_attempt_at).sent == 1
    sms.refresh_from_db()
    assert sms.status == DeliveryStatus.SENT and len(gateway.delivered) == 1


def test_backoff_grows_and_gives_up(world, settings, monkeypatch):
    assert [worker.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert worker.backoff(30) == timedelta(hours=6)
    settings.OPENAMO_SMS_GATEWAY = "http"
    settings.OPENAMO_SMS_URL = "http://127.0.0.1:9/nobody-listens"
    n = _queue(world, channel="sms")
    now = timezone.now()
    for _ in range(worker.MAX_ATTEMPTS):
        worker.worker_pass(now=now)
        now += timedelta(hours=7)
    sms = n.deliveries.get()
    assert (sms.status, sms.attempts) == (DeliveryStatus.FAILED, worker.MAX_ATTEMPTS)
    n.refresh_from_db()
    assert n.sent_at is not None  # closed: nothing left to try


def test_a_refusal_by_the_gateway_is_not_retried(world, gateway, settings):
    settings.OPENAMO_SMS_TOKEN = "wrong"
    n = _queue(world, channel="sms")
    worker.worker_pass()
    sms = n.deliveries.get()
    assert (sms.status, sms.attempts) == (DeliveryStatus.FAILED, 1)
    assert "401" in sms.last_error


def test_an_error_after_the_send_never_sends_twice(world, smtp, gateway, monkeypatch):
    """The send succeeded, then recording it failed: the retry does not deliver again."""
    n = _queue(world)

    def broken(**kw):
        raise RuntimeError("database gone after the send")

    monkeypatch.setattr(worker, "delivery_sent", broken)
    with pytest.raises(RuntimeError):
        worker.worker_pass()
    monkeypatch.undo()
    assert len(smtp.messages) == 1
    email = _by_channel(n)["email"]
    assert email.status == DeliveryStatus.SENDING
    assert not worker.worker_pass().busy  # the lease still holds: nobody touches it
    later = timezone.now() + worker.LEASE + timedelta(seconds=1)
    done = worker.worker_pass(now=later)
    assert done.recovered == 2 and done.sent == 1  # the SMS, never tried, is sent now
    email.refresh_from_db()
    assert email.status == DeliveryStatus.UNCERTAIN
    assert len(smtp.messages) == 1
    assert len(gateway.delivered) == 1
    n.refresh_from_db()
    assert n.sent_at is not None


def test_an_sms_retried_after_its_send_is_dropped_by_the_gateway(world, gateway, monkeypatch):
    n = _queue(world, channel="sms")
    monkeypatch.setattr(worker, "delivery_sent", lambda **kw: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OSError):
        worker.worker_pass()
    monkeypatch.undo()
    later = timezone.now() + worker.LEASE + timedelta(seconds=1)
    assert worker.worker_pass(now=later).sent == 1
    assert len(gateway.requests) == 2  # sent again with the same key...
    assert len({r["key"] for r in gateway.requests}) == 1
    assert len(gateway.delivered) == 1  # ...and delivered once
    assert n.deliveries.get().status == DeliveryStatus.SENT


def test_two_claims_never_take_the_same_copy(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for _ in range(3):
        _queue(world)
    now = timezone.now()
    worker.notifications_dispatch(now=now)
    first = worker.deliveries_claim(now=now, limit=4)
    second = worker.deliveries_claim(now=now, limit=10)
    assert len(first) == 4 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}


def test_the_file_gateway_writes_each_key_once(tmp_path):
    gateway = FileSmsGateway(tmp_path / "sms" / "outbox.jsonl")
    gateway.send(to="0611", text="Bonjour", key="k1")
    gateway.send(to="0611", text="Bonjour", key="k1")
    FileSmsGateway(tmp_path / "sms" / "outbox.jsonl").send(to="0611", text="Bonjour", key="k1")
    gateway.send(to="0622", text="Salut", key="k2")
    lines = (tmp_path / "sms" / "outbox.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 2 and '"to": "0622"' in lines[1]


def test_a_message_needs_exactly_one_recipient(world):
    with pytest.raises(ValueError):
        notification_queue(event="x", subject="s", body="b")
    with pytest.raises(ValueError):
        _queue(world, employer=world.employer)
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
