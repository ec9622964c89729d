"""Deadlines watched: a warning six hours before the first answer is due, the breach at 48 h
flagged and escalated to the escalation team (once), the resolution deadline watched after the
first answer, closed complaints left alone."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from openamo.audit.models import AuditEntry
from openamo.complaints import selectors, services
from openamo.complaints.escalation import EscalationRun, complaints_escalate
from openamo.complaints.models import Category, DeadlineAlert
from openamo.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
H = timedelta(hours=1)
S = timedelta(seconds=1)


def _file(world, now=T0):
    return services.complaint_file(
        member=world.member,
        by=world.insured,
        category=Category.objects.get(code="remb_rejet"),
        title="Consultation rejetée",
        body="Pourquoi ?",
        claim=world.rejected,
        now=now,
    )


def _flags(complaint, now):
    row = selectors.complaint_queue(now=now, status="all").get(pk=complaint.pk)
    return row.due_soon, row.late


def test_a_breach_at_48_h_is_warned_before_flagged_and_escalated_once(client, world):
    complaint = _file(world)
    assert complaint.team.code == "prestations"
    assert complaints_escalate(now=T0 + 42 * H - S) == EscalationRun(0, 0)
    assert complaints_escalate(now=T0 + 42 * H) == EscalationRun(1, 0)  # six hours before
    assert complaints_escalate(now=T0 + 47 * H) == EscalationRun(0, 0)  # warned once
    soon = Notification.objects.get(event="complaint_due_soon")  # the complainant, once
    assert soon.beneficiary.member == world.member
    assert soon.subject == f"Votre réclamation {complaint.reference} : échéance le 18/11/2026"
    assert "première réponse" in soon.body and "18/11/2026 09:30" in soon.body
    assert soon.link == reverse("portal:complaints:mine_detail", args=[complaint.reference])
    assert _flags(complaint, T0 + 48 * H - S) == (True, False)
    assert complaints_escalate(now=T0 + 48 * H - S) == EscalationRun(0, 0)

    assert _flags(complaint, T0 + 48 * H) == (False, True)  # breached at the exact instant
    assert complaints_escalate(now=T0 + 48 * H) == EscalationRun(0, 1)
    complaint.refresh_from_db()
    assert complaint.team.code == "escalade" and complaint.escalated_at == T0 + 48 * H
    warning, breach = DeadlineAlert.objects.order_by("at")
    assert (warning.kind, warning.deadline, warning.due_at) == (
        "warning",
        "first_answer",
        T0 + 48 * H,
    )
    assert (breach.kind, breach.from_team.code, breach.to_team.code) == (
        "breach",
        "prestations",
        "escalade",
    )
    notice = Notification.objects.get(event="complaint_escalated")
    assert notice.beneficiary.member == world.member and complaint.reference in notice.subject
    entry = AuditEntry.objects.filter(object_id=str(complaint.pk)).latest("id")
    assert entry.changes["escalated_at"][0] is None and "délai dépassé" in entry.reason
    assert complaints_escalate(now=T0 + 60 * H) == EscalationRun(0, 0)  # once
    client.force_login(world.agent)
    page = client.get(reverse("portal:complaints:detail", args=[complaint.reference]))
    assert "Délai dépassé : escaladée" in page.content.decode()
    assert "Alerte avant échéance" in page.content.decode()
    queue = client.get(reverse("portal:complaints:queue"), {"statut": "all"}).content.decode()
    assert "Escaladée" in queue


def test_an_answer_in_time_moves_the_watch_to_the_resolution_deadline(world):
    complaint = _file(world)
    services.complaint_message_post(
        complaint=complaint, by=world.agent, body="Réponse.", from_staff=True, now=T0 + 47 * H
    )
    assert complaints_escalate(now=T0 + 48 * H) == EscalationRun(0, 0)
    assert complaints_escalate(now=T0 + timedelta(days=15)) == EscalationRun(0, 1)
    assert DeadlineAlert.objects.get().deadline == "resolution"


def test_closed_complaints_are_never_escalated_and_the_command_reports(world):
    closed, late = _file(world), _file(world, now=T0 + H)
    services.complaint_close(complaint=closed, by=world.agent, resolution="founded", now=T0 + H)
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: T0 + 60 * H)
        call_command("complaints_escalate", stdout=out)
    assert out.getvalue().strip() == (
        "0 réclamation(s) proche(s) de l'échéance, 1 réclamation(s) escaladée(s)."
    )
    assert list(DeadlineAlert.objects.values_list("complaint_id", flat=True)) == [late.pk]


def test_the_agents_home_counts_the_open_the_soon_and_the_late(world):
    from django.contrib.auth import get_user_model

    from openamo.portal.homes.complaints import complaints_panel

    late, soon = _file(world, now=T0 - 50 * H), _file(world, now=T0 - 45 * H)
    _file(world, now=T0)
    agent = get_user_model().objects.create_user("agent-rec")
    services.complaint_assign(complaint=soon, by=agent, agent=agent)
    panel = complaints_panel(user=agent, today=T0.date(), now=T0)
    tiles = {t.label: t.value for t in panel.tiles}
    assert tiles == {
        "Réclamations ouvertes": 3,
        "Qui me sont attribuées": 1,
        "Sans première réponse": 3,
        "Échéance dans les prochaines heures": 1,
        "Délai dépassé": 1,
    }
    assert [cells[0] for cells, _ in panel.table["rows"]] == [
        late.reference,
        soon.reference,
        panel.table["rows"][2][0][0],
    ]
