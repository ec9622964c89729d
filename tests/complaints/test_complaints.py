"""Complaints: filing in the family's scope, the 48 h breach at its exact boundary, internal
notes kept from the insured, closure and reopening within the delay, the staff queue."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openamo.complaints import deadlines, selectors, services
from openamo.complaints.models import Category, Complaint, Message, Status
from openamo.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Africa/Casablanca"))


def _file(world, now=T0, code="remb_rejet", claim=None):
    return services.complaint_file(
        member=world.member,
        by=world.insured,
        category=Category.objects.get(code=code),
        title="Consultation rejetée",
        body="Pourquoi ma consultation est-elle rejetée ?",
        claim=claim,
        now=now,
    )


def test_the_insured_files_about_their_rejected_claim_routed_with_its_deadlines(client, world):
    client.force_login(world.insured)
    url = reverse("portal:complaints:file") + f"?dossier={world.rejected.reference}"
    page = client.get(url)
    assert page.status_code == 200 and world.rejected.reference in page.content.decode()
    category = Category.objects.get(code="remb_rejet")
    response = client.post(
        reverse("portal:complaints:file"),
        {
            "dossier": world.rejected.reference,
            "category": category.pk,
            "title": "Consultation rejetée",
            "body": "Ma consultation a été rejetée, pourquoi ?",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:complaints:mine_detail", args=[complaint.reference]
    )
    assert complaint.claim == world.rejected and complaint.subject == "claim"
    assert complaint.channel == "portal" and complaint.status == Status.NEW
    assert complaint.team.code == "prestations"  # routed by the parent category
    assert complaint.first_answer_due - complaint.filed_at == timedelta(hours=48)
    assert complaint.resolution_due - complaint.filed_at == timedelta(days=15)
    listing = client.get(reverse("portal:complaints:mine")).content.decode()
    assert complaint.reference in listing and "Reçue" in listing


def test_the_insured_cannot_file_about_another_familys_claim(client, world):
    client.force_login(world.insured)
    ref = world.others_claim.reference
    assert client.get(reverse("portal:complaints:file") + f"?dossier={ref}").status_code == 404
    response = client.post(
        reverse("portal:complaints:file"),
        {
            "dossier": ref,
            "category": Category.objects.get(code="remb_rejet").pk,
            "title": "x",
            "body": "y",
        },
    )
    assert response.status_code == 404 and not Complaint.objects.exists()
    with pytest.raises(ValidationError) as error:
        _file(world, claim=world.others_claim)
    assert "claim" in error.value.message_dict


def test_another_familys_complaint_answers_404(client, world):
    complaint = _file(world)
    complaint.member = world.other
    complaint.save()
    client.force_login(world.insured)
    url = reverse("portal:complaints:mine_detail", args=[complaint.reference])
    assert client.get(url).status_code == 404


def test_the_48_hour_breach_is_flagged_exactly_at_the_boundary(world):
    complaint = _file(world)

    def flags(now):
        row = selectors.complaint_queue(now=now).get(pk=complaint.pk)
        return row.late, row.due_soon

    due = T0 + timedelta(hours=48)
    assert flags(due - timedelta(hours=6, seconds=1)) == (False, False)
    assert flags(due - timedelta(hours=6)) == (False, True)
    assert flags(due - timedelta(seconds=1)) == (False, True)
    assert flags(due) == (True, False)
    assert deadlines.deadline_state(due, None, due - timedelta(seconds=1)) == deadlines.SOON
    assert deadlines.deadline_state(due, None, due) == deadlines.LATE
    assert [c.pk for c in selectors.complaint_queue(now=due, state="late")] == [complaint.pk]
    assert not selectors.complaint_queue(now=due - timedelta(seconds=1), state="late").exists()
    # answered one second before: the first deadline is met, the resolution one now counts
    services.complaint_message_post(
        complaint=complaint,
        by=world.agent,
        body="Réponse",
        from_staff=True,
        now=due - timedelta(seconds=1),
    )
    assert flags(due) == (False, False)
    complaint.refresh_from_db()
    assert deadlines.deadline_state(due, complaint.first_answered_at, due) == deadlines.MET
    assert flags(T0 + timedelta(days=15)) == (True, False)


def test_internal_notes_never_reach_the_insured_and_the_answer_is_notified(client, world):
    complaint = _file(world, claim=world.rejected)
    services.complaint_message_post(
        complaint=complaint,
        by=world.agent,
        body="NOTE-SECRETE : vérifier la date des soins",
        from_staff=True,
        internal=True,
        now=T0 + timedelta(hours=1),
    )
    complaint.refresh_from_db()
    answers = Notification.objects.filter(event="complaint_answered")
    assert complaint.first_answered_at is None and not answers.exists()
    services.complaint_message_post(
        complaint=complaint,
        by=world.agent,
        body="Les soins datent de plus de deux ans : délai de dépôt dépassé.",
        from_staff=True,
        now=T0 + timedelta(hours=2),
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.first_answered_at == T0 + timedelta(hours=2)
    note = answers.get()
    assert note.event == "complaint_answered" and note.related == complaint
    assert note.beneficiary.member == world.member and complaint.reference in note.subject
    client.force_login(world.insured)
    page = client.get(reverse("portal:complaints:mine_detail", args=[complaint.reference]))
    body = page.content.decode()
    assert "délai de dépôt dépassé" in body and "Répondue" in body
    assert "NOTE-SECRETE" not in body and "Note interne" not in body
    client.force_login(world.agent)
    staff_page = client.get(reverse("portal:complaints:detail", args=[complaint.reference]))
    assert "NOTE-SECRETE" in staff_page.content.decode()
    # the insured cannot smuggle an internal note
    with pytest.raises(ValidationError):
        services.complaint_message_post(
            complaint=complaint, by=world.insured, body="x", from_staff=False, internal=True
        )


def test_closing_then_reopening_within_the_delay_and_not_after(world):
    complaint = _file(world)
    closed_at = T0 + timedelta(days=2)
    services.complaint_close(
        complaint=complaint, by=world.agent, resolution="unfounded", now=closed_at
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.get_status_display() == "Clôturée"
    services.complaint_satisfaction(complaint=complaint, satisfied=False)
    with pytest.raises(ValidationError):
        services.complaint_message_post(
            complaint=complaint, by=world.insured, body="?", from_staff=False
        )
    # the last instant of the 30 days still reopens
    services.complaint_reopen(
        complaint=complaint,
        by=world.insured,
        body="Je conteste",
        from_staff=False,
        now=closed_at + timedelta(days=30),
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS and complaint.reopened_count == 1
    assert complaint.satisfied is None and complaint.resolution == ""
    services.complaint_close(
        complaint=complaint, by=world.agent, resolution="founded", now=closed_at
    )
    with pytest.raises(ValidationError) as error:
        services.complaint_reopen(
            complaint=complaint,
            by=world.insured,
            from_staff=False,
            now=closed_at + timedelta(days=30, seconds=1),
        )
    assert "30 jours" in str(error.value)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.resolution == "founded"


def test_the_insured_closes_the_loop_on_their_page(client, world):
    complaint = _file(world)
    services.complaint_close(complaint=complaint, by=world.agent, resolution="founded")
    client.force_login(world.insured)
    url = reverse("portal:complaints:satisfaction", args=[complaint.reference])
    assert client.post(url, {"satisfied": "1"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.satisfied is True
    url = reverse("portal:complaints:mine_reopen", args=[complaint.reference])
    client.post(url, {"body": "Finalement non"})
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert Message.objects.filter(complaint=complaint, body="Finalement non").exists()


def test_staff_file_by_phone_and_the_queue_filters_and_exports(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("portal:complaints:file_on_behalf"),
        {
            "registration_number": world.member.registration_number,
            "channel": "phone",
            "category": Category.objects.get(code="pec_refus").pk,
            "title": "Refus d'hospitalisation",
            "body": "Appel de l'assuré : refus contesté.",
            "claim_reference": "",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.channel == "phone"
    assert complaint.team.code == "pec"
    assert complaint.resolution_due - complaint.filed_at == timedelta(days=5)
    bad = client.post(
        reverse("portal:complaints:file_on_behalf"),
        {"registration_number": "000", "channel": "phone", "category": "", "title": "", "body": ""},
    )
    assert bad.status_code == 200 and "Aucun assuré" not in bad.content.decode()
    page = client.get(reverse("portal:complaints:queue"))
    body = page.content.decode()
    assert complaint.reference in body and "Téléphone" in body and "Reçue" in body
    export = client.get(reverse("portal:complaints:queue") + "?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0] == complaint.reference
    late = client.get(reverse("portal:complaints:queue") + "?delai=late")
    assert complaint.reference not in late.content.decode()


def test_the_insured_may_not_open_staff_pages_nor_act(client, world):
    complaint = _file(world)
    client.force_login(world.insured)
    assert client.get(reverse("portal:complaints:queue")).status_code == 403
    url = reverse("portal:complaints:message", args=[complaint.reference])
    assert client.post(url, {"body": "x", "internal": "on"}).status_code == 403
