"""Attachments on complaint messages, both ways: checked by size and content before anything
is written, fingerprinted, served only to who may read the message, and every download logged."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.audit.models import AccessLog
from openamo.complaints import services
from openamo.complaints.models import Category, Complaint, Message
from openamo.documents.models import Document
from openamo.portal.models import PortalAccess
from tests.documents import files

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Africa/Casablanca"))


def _file_with(client, world, upload):
    client.force_login(world.insured)
    return client.post(
        reverse("portal:complaints:file"),
        {
            "dossier": world.rejected.reference,
            "category": Category.objects.get(code="remb_rejet").pk,
            "title": "Consultation rejetée",
            "body": "Voici l'ordonnance.",
            "attachment": upload,
        },
    )


def test_the_insured_attaches_a_pdf_that_is_stored_fingerprinted_and_read_back(
    client, world, document_files
):
    response = _file_with(client, world, files.upload("Ordonnance Dr Alami.pdf", files.PDF))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    document = Document.objects.get()
    first = complaint.messages.get()
    assert (document.owner_type.model, document.owner_id) == ("message", first.pk)
    assert document.name == "Ordonnance_Dr_Alami.pdf" and document.kind == "pdf"
    assert document.size == len(files.PDF)
    assert document.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert (document_files / document.path).read_bytes() == files.PDF
    holder = world.member.beneficiaries.get(rank=0)
    assert document.beneficiary_id == holder.pk and document.uploaded_by == world.insured

    page = client.get(reverse("portal:complaints:mine_detail", args=[complaint.reference]))
    url = reverse("portal:documents:download", args=[document.pk])
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Ordonnance_Dr_Alami.pdf"'
    read = AccessLog.objects.get(what="document")
    assert (read.user, read.beneficiary_id, read.object_id) == (
        world.insured,
        holder.pk,
        str(document.pk),
    )

    client.force_login(world.agent)  # the agent reads it and answers with a spreadsheet
    assert client.get(url).status_code == 200
    client.post(
        reverse("portal:complaints:message", args=[complaint.reference]),
        {
            "body": "Voici le détail du calcul.",
            "attachment": files.upload("calcul.xlsx", files.xlsx()),
        },
    )
    answer = complaint.messages.get(from_staff=True)
    assert Document.objects.get(owner_id=answer.pk).kind == "xlsx"
    assert AccessLog.objects.filter(what="document").count() == 2


def test_a_30_mb_upload_is_refused_with_a_clear_message_and_nothing_is_filed(client, world):
    big = files.upload("scan.pdf", files.PDF + b"0" * (30 * 1024 * 1024))
    response = _file_with(client, world, big)
    assert response.status_code == 200
    assert "« scan.pdf » pèse 30 Mo : la limite est de 10 Mo par fichier." in (
        response.content.decode()
    )
    assert not Complaint.objects.exists() and not Document.objects.exists()


def test_an_executable_renamed_pdf_is_refused_with_a_clear_message(client, world):
    complaint = services.complaint_file(
        member=world.member,
        by=world.insured,
        category=Category.objects.get(code="remb_rejet"),
        title="Consultation rejetée",
        body="Pourquoi ?",
        now=T0,
    )
    client.force_login(world.insured)
    response = client.post(
        reverse("portal:complaints:mine_detail", args=[complaint.reference]),
        {"body": "La facture", "attachment": files.upload("facture.pdf", files.EXE)},
    )
    assert response.status_code == 200
    assert (
        "« facture.pdf » est refusé : son contenu est un programme exécutable Windows, "
        "quel que soit son nom. Seuls les fichiers PDF, JPEG, PNG, XLSX ou CSV sont acceptés."
    ) in response.content.decode()
    assert complaint.messages.count() == 1 and not Document.objects.exists()


def test_another_familys_document_and_an_internal_notes_answer_404(client, world):
    complaint = services.complaint_file(
        member=world.member,
        by=world.insured,
        category=Category.objects.get(code="remb_rejet"),
        title="Consultation rejetée",
        body="Pourquoi ?",
        attachments=[files.pdf()],
        now=T0,
    )
    note = services.complaint_message_post(
        complaint=complaint,
        by=world.agent,
        body="Vérifier le délai de dépôt.",
        from_staff=True,
        internal=True,
        attachments=[files.upload("capture.png", files.PNG)],
        now=T0,
    )
    mine = Document.objects.get(owner_id=complaint.messages.get(from_staff=False).pk)
    internal = Document.objects.get(owner_id=note.pk)
    stranger = get_user_model().objects.create_user("voisin", password="Voisin-pw-2026")
    PortalAccess.objects.create(user=stranger, role="insured", member=world.other)
    client.force_login(stranger)
    assert client.get(reverse("portal:documents:download", args=[mine.pk])).status_code == 404
    client.force_login(world.insured)
    assert client.get(reverse("portal:documents:download", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portal:documents:download", args=[internal.pk])).status_code == 404
    page = client.get(reverse("portal:complaints:mine_detail", args=[complaint.reference]))
    assert "capture.png" not in page.content.decode()
    assert not AccessLog.objects.filter(what="document", user=stranger).exists()


def test_the_same_content_sent_twice_is_stored_once(world, document_files):
    complaint = services.complaint_file(
        member=world.member,
        by=world.insured,
        category=Category.objects.get(code="remb_rejet"),
        title="Consultation rejetée",
        body="Pourquoi ?",
        attachments=[files.pdf("a.pdf"), files.pdf("b.pdf")],
        now=T0,
    )
    rows = Document.objects.filter(owner_id=Message.objects.get(complaint=complaint).pk)
    assert sorted(d.name for d in rows) == ["a.pdf", "b.pdf"]
    assert len({d.path for d in rows}) == 1
    assert len([p for p in document_files.rglob("*") if p.is_file()]) == 1
