"""An insured member files a complaint about a rejected line with an attachment, the
complaints agent answers within the deadline with a file, the notification worker delivers the
answer (in-portal inbox, and an e-mail to a real local SMTP server), the member reads it in the
inbox, opens the file and closes the complaint; the employer then sees it in its portfolio
dashboard."""

import email
import email.policy

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from openamo.complaints.models import Complaint
from openamo.members.models import Member
from openamo.notifications.delivery import worker_pass
from openamo.notifications.models import Delivery, Notification
from openamo.portal.models import PortalAccess
from tests.complaints.conftest import world  # noqa: F401 (the two families, the agent)
from tests.contributions.helpers import employer_make
from tests.documents import files
from tests.documents.conftest import document_files  # noqa: F401 (files under tmp_path)
from tests.e2e.menu import logout, menu_go, nav_go
from tests.notifications.conftest import smtp  # noqa: F401 (a real local aiosmtpd server)

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, url, username, password):
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_complaint_from_filing_to_closure_and_the_employers_dashboard(
    live_server,
    page,
    screenshot,
    world,  # noqa: F811 (the imported fixture)
    smtp,  # noqa: F811 (the imported fixture)
    cnops,
):
    ministry = employer_make(cnops)
    Member.objects.filter(pk=world.member.pk).update(employer=ministry, email="famille@example.ma")
    hr = get_user_model().objects.create_user("rh", password="Employeur-pw-2026")
    PortalAccess.objects.create(user=hr, role="employer", employer=ministry)

    _login(page, live_server.url, "assure", "Assure-pw-2026")
    file_url = reverse("portal:complaints:file") + f"?dossier={world.rejected.reference}"
    page.goto(f"{live_server.url}{file_url}")
    expect(page.get_by_text(world.rejected.reference).first).to_be_visible()
    page.get_by_label("Nature").select_option(
        label="Remboursement › Rejet d'une ligne ou d'un dossier"
    )
    page.get_by_label("Objet").fill("Consultation rejetée")
    page.get_by_label("Votre message").fill("Ma consultation a été rejetée : voici la feuille.")
    page.locator("input[type=file]").set_input_files(
        {"name": "feuille de soins.pdf", "mimeType": "application/pdf", "buffer": files.PDF}
    )
    page.get_by_role("button", name="Envoyer").click()
    complaint = Complaint.objects.get()
    expect(page.get_by_text("réponse sous 48 heures")).to_be_visible()
    expect(page.get_by_role("link", name="feuille_de_soins.pdf")).to_be_visible()
    screenshot("complaint-filed")
    logout(page)

    _login(page, live_server.url, "agent", "Agent-pw-2026")
    menu_go(page, "Prestations", "Réclamations")
    page.get_by_role("link", name=complaint.reference).click()
    expect(page.get_by_role("link", name="feuille_de_soins.pdf")).to_be_visible()
    answer = page.locator("form[action$='/message/']")
    answer.locator("textarea[name=body]").fill(
        "La consultation a été déposée hors délai : voir le détail."
    )
    answer.locator("input[type=file]").set_input_files(
        {"name": "detail.csv", "mimeType": "text/csv", "buffer": files.CSV}
    )
    answer.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Réponse envoyée.")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.status == "answered"
    assert complaint.first_answered_at < complaint.first_answer_due
    screenshot("complaint-answered")
    logout(page)

    # the worker's pass (what `openamo worker --burst` runs), in-process, SMTP for real
    done = worker_pass()
    assert done.failed == 0
    answer = Notification.objects.get(event="complaint_answered")
    assert answer.sent_at is not None
    copy = Delivery.objects.get(notification=answer)
    assert (copy.channel, copy.address, copy.status) == ("email", "famille@example.ma", "sent")
    mails = [m for m in smtp.messages if complaint.reference in m["content"]]
    assert len(mails) == 1 and mails[0]["to"] == ["famille@example.ma"]
    mail = email.message_from_bytes(mails[0]["content"].encode(), policy=email.policy.default)
    assert str(mail["Subject"]).strip() == f"Réponse à votre réclamation {complaint.reference}"
    text = mail.get_content()
    assert "La consultation a été déposée hors délai : voir le détail." in text
    assert f"/mon-espace/reclamations/{complaint.reference}/" in text
    unread = Notification.objects.filter(
        beneficiary__member=world.member, channel="portal", read_at__isnull=True
    ).count()

    _login(page, live_server.url, "assure", "Assure-pw-2026")
    counter = page.locator("a.inboxlink .counter")
    expect(counter).to_have_text(str(unread))
    page.locator("a.inboxlink").click()
    page.get_by_role("link", name=answer.subject).click()
    expect(page.get_by_role("heading", name=answer.subject)).to_be_visible()
    expect(page.get_by_text("déposée hors délai")).to_be_visible()
    if unread > 1:
        expect(counter).to_have_text(str(unread - 1))
    else:
        expect(counter).to_have_count(0)
    screenshot("complaint-answer-in-inbox")
    page.get_by_role("link", name="Voir le détail").click()
    expect(page.get_by_text("déposée hors délai")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="detail.csv").click()
    assert download.value.path().read_bytes() == files.CSV
    page.get_by_label("Oui").first.check()
    page.get_by_role("button", name="Clôturer ma réclamation").click()
    expect(page.get_by_text("Votre réclamation est clôturée. Merci.")).to_be_visible()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolution, complaint.satisfied) == (
        "closed",
        "accepted",
        True,
    )
    screenshot("complaint-closed")
    logout(page)

    _login(page, live_server.url, "rh", "Employeur-pw-2026")
    nav_go(page, "Réclamations")
    expect(page.get_by_text(complaint.reference)).to_be_visible()
    expect(page.get_by_text("100 %", exact=True).first).to_be_visible()
    expect(page.get_by_role("img", name="Réclamations par nature")).to_be_visible()
    screenshot("complaint-employer-dashboard")
