"""A processor logs in, opens the work queue, takes a claim, adjudicates it, reads the
statement and downloads it as a PDF; a medical reviewer then lowers a line."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from playwright.sync_api import expect

from openamo.claims.models import ClaimStatus
from openamo.claims.services import LineInput, claim_adjudicate
from tests.claims.db_builders import OPTICIAN, family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import PROCESSOR_PERMS, claim_make, consultation, medicine, user_with

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Secret-pw-2026"


@pytest.fixture
def fund(cnops):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    frame = LineInput(
        kind="device",
        code="OPT-MONTURE",
        care_date=date(2025, 3, 12),
        executor_inpe=OPTICIAN,
        charged=D("650"),
    )
    target = claim_make(member, consultation(charged=D("100")), medicine(), frame)
    claim_adjudicate(claim=claim_make(child, consultation(), channel="electronic"))
    claim_make(child, medicine(), channel="electronic", deposit=date(2025, 3, 25))
    return target


def login(page, base, username):
    page.goto(f"{base}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_processor_adjudicates_a_claim_and_downloads_its_statement(
    live_server, page, screenshot, fund, django_user_model
):
    user_with(
        django_user_model, "s.idrissi", *PROCESSOR_PERMS, first_name="Salma", last_name="Idrissi"
    )
    login(page, live_server.url, "s.idrissi")
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Dossiers", exact=True).click()
    expect(page.get_by_role("heading", name="Dossiers maladie")).to_be_visible()
    expect(page.locator(".count", has_text="Reçu")).to_contain_text("2")
    screenshot("claims-queue")

    page.locator(".count", has_text="Reçu").click()
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    page.get_by_label("Référence, immatriculation ou CIN").fill(fund.reference)
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=fund.reference).click()
    expect(page.get_by_role("heading", name=f"Dossier {fund.reference}")).to_be_visible()

    page.get_by_role("button", name="Prendre le dossier").click()
    expect(page.locator(".msg-success")).to_contain_text("il vous est attribué")
    expect(page.locator("h1 .badge")).to_have_text("En liquidation")
    page.get_by_role("button", name="Liquider maintenant").click()
    expect(page.locator(".msg-success")).to_contain_text("548,00")
    expect(page.locator("h1 .badge")).to_have_text("Liquidé")
    screenshot("claims-detail")

    page.get_by_role("link", name="Décompte", exact=True).click()
    expect(
        page.get_by_role("heading", name=f"Décompte du dossier {fund.reference}")
    ).to_be_visible()
    expect(page.locator(".st-grand")).to_contain_text("548,00")
    expect(page.get_by_text("Base plafonnée au forfait")).to_be_visible()
    screenshot("claims-statement")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename == f"decompte-{fund.reference}-v1.pdf"
    assert Path(path).read_bytes()[:5] == b"%PDF-"
    fund.refresh_from_db()
    assert fund.status == ClaimStatus.ADJUDICATED


def test_a_medical_reviewer_lowers_a_line_and_the_claim_is_adjudicated_again(
    live_server, page, screenshot, fund, django_user_model
):
    claim_adjudicate(claim=fund)
    user_with(django_user_model, "dr.alami", "view_claim", "add_linereview", last_name="Alami")
    login(page, live_server.url, "dr.alami")
    page.goto(f"{live_server.url}/dossiers/{fund.reference}/")
    card = page.locator("#controle")
    line = card.get_by_label("Ligne", exact=True)
    line.select_option(value="3")
    expect(line.locator("option:checked")).to_contain_text("3 · ")
    expect(card.get_by_label("Base ramenée")).to_be_checked()
    card.get_by_label("Base retenue (DH)").fill("300")
    card.get_by_label("Justification").fill("monture hors nomenclature, forfait réduit")
    screenshot("claims-review-form")
    card.get_by_role("button", name="Enregistrer l'avis et reliquider").click()
    expect(page.locator(".msg-success")).to_contain_text("448,00")
    expect(page.get_by_text("Versions précédentes du décompte")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("monture hors nomenclature")
    expect(page.locator("tr", has_text="OPT-MONTURE").locator(".badge")).to_have_text(
        "Base 300,00 DH"
    )
    screenshot("claims-after-review")


def test_a_processor_enters_a_claim_by_form(live_server, page, screenshot, fund, django_user_model):
    user_with(django_user_model, "s.idrissi", *PROCESSOR_PERMS, first_name="Salma")
    login(page, live_server.url, "s.idrissi")
    page.goto(f"{live_server.url}/dossiers/saisie/")
    member = fund.beneficiary
    page.get_by_label("Immatriculation ou CIN").fill(member.cin)
    page.get_by_label("Date de dépôt").fill("2025-03-20")
    page.fill("#id_lignes-0-code", "Cs")
    page.select_option("#id_lignes-0-kind", "act")
    page.fill("#id_lignes-0-care_date", "2025-03-18")
    page.fill("#id_lignes-0-executor_inpe", "12")  # wrong on purpose
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(
        page.locator("#id_lignes-0-executor_inpe + .errorlist, .errorlist").first
    ).to_be_visible()
    screenshot("claims-intake-error")
    page.fill("#id_lignes-0-executor_inpe", "200000001")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.locator(".msg-success")).to_contain_text("enregistré")
    expect(page.locator("h1 .badge")).to_have_text("Reçu")
    expect(page.locator("table.compact")).to_contain_text("Cs")
