"""A clinic checks a beneficiary's eligibility, then gets an instant authorisation."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.authorizations.models import ProviderAccess
from openamo.authorizations.selectors import tariffs_cache_clear
from openamo.authorizations.services import agreement_apply, agreement_decide
from tests.authorizations.builders import CLINIC, family_create, provider, referential_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clinic(cnops):
    tariffs_cache_clear()
    rabat = referential_create(cnops)
    member, child = family_create(cnops, rabat)
    officer = get_user_model().objects.create_user("conventions", password="x-Secret-123")
    agreement = agreement_apply(
        provider=provider(CLINIC),
        care_categories=["surgery", "technical_act"],
        starts_on=date(2020, 1, 1),
        rib="011780000012345678901296",
        anam_registration="ANAM-1",
    )
    agreement_decide(agreement=agreement, approve=True, user=officer)
    user = get_user_model().objects.create_user("atlas", password="Clinique-pw-2026")
    ProviderAccess.objects.create(user=user, provider=provider(CLINIC))
    yield member
    tariffs_cache_clear()


def test_clinic_checks_eligibility_and_gets_an_instant_agreement(
    live_server, page, screenshot, clinic
):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "atlas")
    page.fill("#id_password", "Clinique-pw-2026")
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Éligibilité").first.click()
    # two identifiers: the registration number (and rank) and the birth date
    page.fill("#id_registration_number", clinic.registration_number)
    page.fill("#id_rank", "0")
    page.fill("#id_birth_date", "1999-01-01")
    page.fill("#id_day", "2025-03-10")
    page.select_option("#id_care_category", "surgery")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Non éligible", exact=True)).to_be_visible()
    expect(page.get_by_text("Aucun bénéficiaire ne correspond à ces critères.")).to_be_visible()
    page.fill("#id_birth_date", clinic.birth_date.isoformat())
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Éligible", exact=True)).to_be_visible()
    expect(page.get_by_text("90 %")).to_be_visible()
    screenshot("clinic-eligibility")

    page.goto(f"{live_server.url}/prises-en-charge/nouvelle/")
    page.select_option("#type", "CHIR")
    page.get_by_role("button", name="Afficher les pièces exigées").click()
    page.fill("#id_registration_number", clinic.registration_number)
    page.fill("#id_diagnosis", "K35.8")
    page.fill("#id_planned_start", "2025-03-10")
    page.fill("#id_planned_end", "2025-03-12")
    page.select_option('[name="actes-0-kind"]', "forfait")
    page.fill('[name="actes-0-code"]', "CHIR-APP")
    page.fill('[name="actes-0-charged"]', "6000")
    page.select_option('[name="actes-1-kind"]', "act")
    page.fill('[name="actes-1-code"]', "K")
    page.fill('[name="actes-1-coefficient"]', "50")
    page.fill('[name="actes-1-charged"]', "1125")
    for code in ("DEMANDE", "DEVIS", "CR_MED"):
        page.check(f'[name="pieces-doc_{code}"]')
    screenshot("clinic-request-form")
    page.get_by_role("button", name="Déposer la demande").click()
    expect(page.get_by_text("6\u202f300,00 DH").first).to_be_visible()
    expect(page.get_by_text("Accordée").first).to_be_visible()
    expect(page.get_by_text("825,00 DH").first).to_be_visible()
    screenshot("clinic-request-approved")
