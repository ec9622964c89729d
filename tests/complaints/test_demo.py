"""The demo's complaints on a small fund: closed ones with satisfaction, two near their
deadline (warned), one breached and escalated, answered ones waiting, attachments both ways;
a second run adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from openamo.complaints.demo import PLAN, complaints_demo
from openamo.complaints.models import Complaint, DeadlineAlert
from openamo.documents.models import Document
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 16, 17, 0, tzinfo=ZoneInfo("Africa/Casablanca"))


def test_the_demo_files_complaints_in_every_state(world, cnops, monkeypatch):
    for n in range(len(PLAN)):
        member_make(cnops, cin=f"DM{n:06d}", last_name=f"Demo{n}")
    monkeypatch.setattr("openamo.complaints.demo._now", lambda today: NOW)
    assert complaints_demo(today=NOW.date(), seed=1) == len(PLAN)
    rows = Complaint.objects.all()
    assert rows.filter(status="closed").count() == 6
    assert rows.filter(status="closed", satisfied__isnull=False).count() == 6
    assert rows.filter(status="answered").count() == 2
    escalated = rows.get(escalated_at__isnull=False)
    assert escalated.title == "Droits suspendus à tort" and escalated.team.code == "escalade"
    assert DeadlineAlert.objects.filter(kind="warning").count() == 2
    assert set(rows.values_list("channel", flat=True)) == {"phone", "letter", "counter"}
    assert Document.objects.filter(kind="pdf").count() == 4
    assert Document.objects.filter(kind="csv").exists()
    assert complaints_demo(today=NOW.date(), seed=1) == 0
