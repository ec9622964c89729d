"""The demo step on a small world: the insured demo family and the demo employer find unread
messages in their inboxes, the fund's past is taken as delivered, and the worker delivers the
fresh ones (e-mail to a real local SMTP server, SMS to the demo's file)."""

import json
from datetime import timedelta

import pytest

from openamo.members.models import Employer, Member
from openamo.notifications.demo import demo_messages
from openamo.notifications.models import Delivery, Notification
from openamo.notifications.services import notification_queue
from tests.members.helpers import spouse_add
from tests.payments.builders import DAY, claim_paid_by_fund

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_inboxes_and_delivers(fund, cnops, smtp, settings, tmp_path, frozen_day):
    member, child = fund
    spouse_add(member.member)
    Member.objects.filter(pk=member.member_id).update(
        email="famille@example.ma", phone="0611223344"
    )
    for k in range(3):
        claim_paid_by_fund(member if k % 2 else child, day=DAY + timedelta(days=k))
    employer = Employer.objects.create(
        name="Administration démo", kind="administration", scheme=cnops
    )
    old = notification_queue(beneficiary=member, event="old", subject="Ancien", body="Du passé")
    settings.OPENAMO_SMS_GATEWAY = "file"
    settings.OPENAMO_SMS_FILE = str(tmp_path / "sms.jsonl")

    family, boss, sent = demo_messages(today=frozen_day)

    old.refresh_from_db()
    assert old.read_at and old.sent_at and not old.deliveries.exists()  # the past: delivered
    fresh = Notification.objects.filter(beneficiary__member=member.member, read_at=None)
    assert family == fresh.count() == 3
    assert {n.event for n in fresh} == {"claim_adjudicated"}
    assert all("montant remboursé par la caisse" in n.body for n in fresh)
    (reminder,) = Notification.objects.filter(employer=employer)
    assert boss == 1 and "à déposer au plus tard le 10/12/2026" in reminder.body
    assert sent == Delivery.objects.filter(status="sent").count() == 6  # 3 e-mails + 3 SMS
    assert len(smtp.messages) == 3 and smtp.messages[0]["to"] == ["famille@example.ma"]
    lines = (tmp_path / "sms.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["to"] == "0611223344"
