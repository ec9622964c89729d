"""A physician files an ALD exemption request with the certificate; the delegation's medical
reviewer orders a counter-examination, records its findings and grants the exemption; the
insured person's next medicine claim for that ALD is reimbursed at the ALD rate."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.medical.models import AldRequest
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.claims.db_builders import BRAND, PHARMACY
from tests.e2e.menu import logout
from tests.medical.builders import PDF, fund_create, physician_user
from tests.medical.conftest import medical_seed

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Secret-pw-2026"


@pytest.fixture
def world(cnops, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    medical_seed()
    member, _, _ = fund_create(cnops)
    physician = physician_user(get_user_model())
    roles_sync()
    reviewer = get_user_model().objects.create_user("dr.controle", password=PASSWORD)
    user_role_grant(user=reviewer, role=Role.MEDICAL_REVIEWER)
    files = {}
    for code in ("certificat", "cin", "bilan"):
        files[code] = tmp_path / f"{code}.pdf"
        files[code].write_bytes(PDF)
    return member, physician, files


def login(page, url, username):
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_ald_request_counter_examination_grant_and_ald_rate(live_server, page, screenshot, world):
    member, _, files = world
    today = timezone.localdate()
    # the treating physician files the request with the certificate and the documents
    login(page, live_server.url, "dr.traitant")
    page.get_by_role("link", name="Demandes ALD").first.click()
    page.get_by_role("link", name="Nouvelle demande").click()
    page.select_option("#id_ald", "ALD9")
    page.get_by_role("button", name="Choisir").click()
    page.fill("#id_registration_number", member.registration_number)
    page.fill("#id_rank", "0")
    page.fill("#id_icd10_code", "E10.9")
    page.fill("#id_certificate_date", today.isoformat())
    page.fill("#id_clinical_summary", "Diabète de type 1 sous insuline, HbA1c 9 %.")
    page.set_input_files("#id_doc_ald_medical_certificate", str(files["certificat"]))
    page.set_input_files("#id_doc_ald_identity", str(files["cin"]))
    page.set_input_files("#id_doc_ald_biology", str(files["bilan"]))
    screenshot("medical-ald-request-form")
    page.get_by_role("button", name="Déposer la demande").click()
    expect(page.get_by_text("déposée : décision avant le")).to_be_visible()
    reference = AldRequest.objects.get().reference
    logout(page)

    # the delegation's reviewer orders a counter-examination from the queue
    login(page, live_server.url, "dr.controle")
    # the reviewer's « Contrôle » section holds one entry: the bar shows it as a link
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Contrôle médical", exact=True).click()
    page.select_option("#id_delegation", label="Casablanca")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=reference).click()
    expect(
        page.get_by_role("link", name="Certificat médical détaillé du médecin traitant")
    ).to_be_visible()
    page.fill("#id_motive", "Confirmer le type de diabète")
    convened = timezone.localtime() + timedelta(days=2)
    page.fill("#id_scheduled_at", convened.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_place", "Délégation de Casablanca, bureau 4")
    page.fill("#id_practitioner", "Dr Benali")
    page.get_by_role("button", name="Convoquer l'assuré").click()
    expect(page.get_by_text("programmée")).to_be_visible()
    # findings, then the outcome: confirmed, the exemption is granted
    page.fill("#id_findings", "Insulinothérapie confirmée, glycémie à jeun 2,1 g/l.")
    page.get_by_role("button", name="Assuré présent : enregistrer les constatations").click()
    expect(page.get_by_text("Insulinothérapie confirmée")).to_be_visible()
    page.select_option("#id_outcome", "confirm")
    page.fill("#id_reason", "Diagnostic confirmé à l'examen")
    page.get_by_role("button", name="Rendre l'avis").click()
    expect(page.get_by_text("Confirmé — Diagnostic confirmé à l'examen")).to_be_visible()
    page.get_by_role("link", name=f"Demande ALD {reference}").click()
    expect(page.get_by_text("Exonération accordée").first).to_be_visible()
    screenshot("medical-ald-granted")

    # the insured person's next medicine claim linked to ALD9 is paid at the ALD rate
    claim = claim_adjudicate(
        claim=claim_submit(
            beneficiary=member,
            channel="paper",
            deposit_date=today,
            lines=[
                LineInput(
                    kind="medicine",
                    code=BRAND,
                    care_date=today,
                    executor_inpe=PHARMACY,
                    quantity=D(2),
                    ald_code="ALD9",
                )
            ],
        )
    )
    line = claim.statements.get().lines.get()
    assert (line.rate, line.reimbursed, line.ald_applied) == (D(100), D("120.00"), True)
