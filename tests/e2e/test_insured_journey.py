"""An insured person finds a claim and downloads its statement."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import (
    BRAND,
    GP,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def insured(cnops):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    claim = claim_submit(
        beneficiary=child,
        channel="paper",
        deposit_date=date(2025, 3, 20),
        lines=[
            LineInput(kind="act", code="C", care_date=date(2025, 3, 10), executor_inpe=GP),
            LineInput(
                kind="medicine",
                code=BRAND,
                care_date=date(2025, 3, 10),
                executor_inpe=PHARMACY,
                quantity=2,
            ),
        ],
    )
    claim_adjudicate(claim=claim)
    user = get_user_model().objects.create_user(
        "karim", password="Assure-pw-2026", first_name="Karim"
    )
    PortalAccess.objects.create(user=user, role="insured", member=member.member)
    return claim


def test_insured_finds_a_claim_and_downloads_its_statement(live_server, page, screenshot, insured):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "karim")
    page.fill("#id_password", "Assure-pw-2026")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Bonjour Karim")).to_be_visible()
    expect(page.get_by_text(insured.reference)).to_be_visible()
    expect(page.get_by_text("148,00 DH")).to_be_visible()
    screenshot("insured-home")

    page.get_by_role("link", name="Décompte").first.click()
    expect(
        page.get_by_role("heading", name=f"Décompte du dossier {insured.reference}")
    ).to_be_visible()
    screenshot("insured-statement")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"
    assert download.value.suggested_filename.startswith(f"decompte-{insured.reference}")


def test_the_insured_reads_their_space_in_arabic_right_to_left(
    live_server, page, screenshot, insured
):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "karim")
    page.fill("#id_password", "Assure-pw-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="أسرتي وحقوقي")).to_be_visible()
    expect(page.get_by_text("148,00 درهم")).to_be_visible()
    # the page reads right to left: the menu starts on the right, no horizontal scroll
    # (waited for: the charts take their width once their script has run)
    width = "document.documentElement.scrollWidth"
    for _ in range(30):
        if page.evaluate(width) <= 1366:
            break
        page.wait_for_timeout(500)
    assert page.evaluate(width) <= 1366
    screenshot("insured-home-ar")

    page.get_by_role("link", name="الكشف").first.click()
    expect(page.get_by_role("heading", name=f"كشف الملف {insured.reference}")).to_be_visible()
    screenshot("insured-statement-ar")
    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(
        page.get_by_role("heading", name=f"Décompte du dossier {insured.reference}")
    ).to_be_visible()
