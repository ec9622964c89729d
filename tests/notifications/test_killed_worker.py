"""A real worker process killed with SIGKILL after handing a copy over (the SMTP server, the SMS
gateway got it; the worker never heard back): the next worker does not deliver it again.

The worker runs as `openamo worker --once` in a subprocess on the test database, which another
process can only reach on PostgreSQL (SQLite's test database lives in this process's memory);
`test_delivery.py` covers the same path in-process on both databases."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from openamo.notifications import delivery as worker
from openamo.notifications.models import DeliveryStatus
from openamo.notifications.services import notification_queue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
        reason="another process reaches the test database on PostgreSQL only",
    ),
]


def _worker_process(settings, extra_env, args=("--once",)):
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "OPENAMO_EMAIL_HOST": settings.EMAIL_HOST,
        "OPENAMO_EMAIL_PORT": str(settings.EMAIL_PORT),
        "OPENAMO_SMS_GATEWAY": settings.OPENAMO_SMS_GATEWAY,
        "OPENAMO_SMS_URL": settings.OPENAMO_SMS_URL,
        "OPENAMO_SMS_TOKEN": settings.OPENAMO_SMS_TOKEN,
        **extra_env,
    }
    command = [sys.executable, "-m", "openamo.cli", "worker", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_on(process_holder):
    def kill():
        os.kill(process_holder["process"].pid, signal.SIGKILL)

    return kill


def _queue(world, channel):
    return notification_queue(
        beneficiary=world.holder,
        channel=channel,
        event="payment_sent",
        subject="Paiement envoyé",
        body="Un virement de 350,00 DH a été émis.",
    )


def test_a_worker_killed_after_sending_an_email_is_not_sent_twice(world, smtp, gateway, settings):
    n = _queue(world, "email")
    holder = {}
    smtp.on_data = _kill_on(holder)  # the server has the message; the worker dies before "250"
    holder["process"] = _worker_process(settings, {})
    assert holder["process"].wait(timeout=60) == -signal.SIGKILL
    assert len(smtp.messages) == 1
    copy = n.deliveries.get()
    assert copy.status == DeliveryStatus.SENDING
    smtp.on_data = None
    done = worker.worker_pass(now=timezone.now() + worker.LEASE + timedelta(seconds=1))
    assert done.recovered == 1 and done.sent == 0
    copy.refresh_from_db()
    assert copy.status == DeliveryStatus.UNCERTAIN
    assert len(smtp.messages) == 1


def test_a_worker_killed_after_sending_an_sms_delivers_it_once(world, smtp, gateway, settings):
    n = _queue(world, "sms")
    holder = {}
    gateway.on_request = _kill_on(holder)  # the gateway delivered it; the worker dies first
    holder["process"] = _worker_process(settings, {})
    assert holder["process"].wait(timeout=60) == -signal.SIGKILL
    assert len(gateway.delivered) == 1
    gateway.on_request = None
    done = worker.worker_pass(now=timezone.now() + worker.LEASE + timedelta(seconds=1))
    assert done.recovered == 1 and done.sent == 1
    assert n.deliveries.get().status == DeliveryStatus.SENT
    assert len(gateway.requests) == 2 and len(gateway.delivered) == 1


def test_the_worker_stops_cleanly_on_sigterm(world, smtp, gateway, settings):
    """The loop (`openamo worker`) sends what is queued, then stops on SIGTERM with its summary."""
    _queue(world, "email")
    loop = _worker_process(settings, {}, args=("--interval", "0.2", "--no-daily"))
    deadline = time.monotonic() + 60
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # the worker records the send
    loop.send_signal(signal.SIGTERM)
    out, _err = loop.communicate(timeout=30)
    assert loop.returncode == 0
    assert "1 envoyées" in out.decode()
    assert len(smtp.messages) == 1
