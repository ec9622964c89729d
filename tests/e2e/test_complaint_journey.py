"""An insured member files a complaint about a rejected line with an attachment, the
complaints agent answers within the deadline with a file, the member reads the answer, opens
the file and closes the complaint; the employer then sees it in its portfolio dashboard."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from openamo.complaints.models import Complaint
from openamo.members.models import Member
from openamo.portal.models import PortalAccess
from tests.complaints.conftest import world  # noqa: F401 (the two families, the agent)
from tests.contributions.helpers import employer_make
from tests.documents import files
from tests.documents.conftest import document_files  # noqa: F401 (files under tmp_path)
from tests.e2e.menu import logout, menu_go

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
    cnops,
):
    ministry = employer_make(cnops)
    Member.objects.filter(pk=world.member.pk).update(employer=ministry)
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

    _login(page, live_server.url, "assure", "Assure-pw-2026")
    page.get_by_role("link", name="Mes réclamations").first.click()
    page.get_by_role("link", name=complaint.reference).click()
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
    page.get_by_role("link", name="Réclamations").first.click()
    expect(page.get_by_text(complaint.reference)).to_be_visible()
    expect(page.get_by_text("100 %", exact=True).first).to_be_visible()
    expect(page.get_by_role("img", name="Réclamations par nature")).to_be_visible()
    screenshot("complaint-employer-dashboard")
