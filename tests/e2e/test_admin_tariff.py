"""An administrator browses the referentials in French and changes a tariff on a date."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from openamo.referentials.models import LetterKey, LetterKeyValue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tariffs(cnops):
    key = LetterKey.objects.create(
        code="C", label="Consultation du généraliste", care_category="consultation"
    )
    LetterKeyValue.objects.create(
        letter_key=key, value=Decimal("15.00"), valid_from=date(2006, 9, 1)
    )
    LetterKeyValue.objects.create(
        letter_key=key, value=Decimal("80.00"), valid_from=date(2013, 8, 1)
    )
    return key


def test_admin_changes_the_gp_consultation_tariff(
    live_server, page, screenshot, tariffs, django_user_model
):
    django_user_model.objects.create_superuser("admin", "admin@example.ma", "Secret-pw-2026")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "Secret-pw-2026")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Valeurs des lettres clés (TNR)").first.wait_for()
    expect(page.get_by_role("heading", name="Référentiels et paramétrage")).to_be_visible()
    expect(page.get_by_role("link", name="Liste des ALD/ALC")).to_be_visible()
    screenshot("admin-index")

    page.get_by_role("link", name="Valeurs des lettres clés (TNR)").first.click()
    expect(page.get_by_role("link", name="Importer un fichier")).to_be_visible()
    page.get_by_role("link", name="Ajouter valeur de lettre clé (TNR)").click()
    page.select_option("#id_letter_key", label="C — Consultation du généraliste")
    page.fill("#id_value", "100,00")
    page.fill("#id_valid_from", "01/01/2027")
    page.fill("#id_source", "Arrêté de revalorisation (exemple)")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    screenshot("admin-tariff-changed")

    assert LetterKeyValue.in_force(date(2026, 12, 31), letter_key=tariffs).value == Decimal("80.00")
    assert LetterKeyValue.in_force(date(2027, 1, 1), letter_key=tariffs).value == Decimal("100.00")
    assert LetterKeyValue.objects.get(letter_key=tariffs, value=80).valid_to == date(2026, 12, 31)
