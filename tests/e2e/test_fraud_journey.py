"""A fraud controller finds a family by name, opens its 360° view (boxes of medicine per month,
prescribers), jumps to the prescriber's 360° view beside its peers, opens a case from an alert
on a clinic and suspends the clinic's payments; the payment officer's next run then leaves the
clinic's invoices aside with the case as the reason."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.fraud.models import Case
from openamo.payments.models import PaymentRun
from openamo.portal.roles import Role, user_role_grant
from tests.authorizations.builders import CLINIC, OTHER_CLINIC, provider
from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401
from tests.claims.db_builders import GP
from tests.e2e.menu import logout, menu_go
from tests.fraud.builders import (
    PASSWORD,
    PEER_GP,
    alert_make,
    clinic_admit,
    controller,
    invoices_of,
    monthly_care,
    peer_create,
)
from tests.payments.builders import RIB_B, payer_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(admitted):  # noqa: F811
    member, child = admitted
    peer_create()
    monthly_care(member, months=5, boxes=2)
    monthly_care(child, months=3, boxes=1, gp=PEER_GP)
    clinic_admit(OTHER_CLINIC, RIB_B)
    invoices_of(member, CLINIC, count=2)
    invoices_of(member, OTHER_CLINIC, count=1, first_day=20)
    payer_create()
    alert_make(
        provider=provider(CLINIC),
        score=0.92,
        amount="12000.00",
        detector="sejours_fictifs",
        reason="phantom_stays",
        explanation="Séjours facturés sans consultation ni prescription préalables",
    )
    alert_make(provider=provider(GP), score=0.4, amount="900.00", key="a2")
    controller()
    officer = get_user_model().objects.create_user(
        "ordonnateur", password=PASSWORD, first_name="Samira", last_name="Ordonnatrice"
    )
    user_role_grant(user=officer, role=Role.PAYMENT_OFFICER)
    return member


def login(page, url, username):
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_controller_suspends_a_clinic_and_the_run_leaves_it_aside(
    live_server, page, screenshot, world
):
    page.set_default_timeout(60000)  # a loaded shared machine: the pages are slow to come
    login(page, live_server.url, "controleur")
    menu_go(page, "Contrôle", "Vue 360°")
    page.fill("#id_q", "Alaoui Karim")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Alaoui Karim").click()
    expect(page.get_by_role("heading", name="Vue 360° · famille Alaoui Karim")).to_be_visible()
    boxes = page.locator("#boxes-per-month")
    expect(boxes).to_contain_text("amoxicilline 1 g")
    expect(boxes.locator("tbody tr").first.locator("td").last).to_have_text("21")
    expect(page.locator("#prescribers")).to_contain_text("Dr Tazi Omar")
    expect(page.locator("#prescribers")).to_contain_text("Dr Berrada Salma")
    screenshot("fraud-family-360")

    page.locator("#prescribers").get_by_role("link", name="Dr Tazi Omar").click()
    expect(page.get_by_role("heading", name="Vue 360° · Dr Tazi Omar")).to_be_visible()
    peers = page.locator("#peers")
    expect(peers).to_contain_text("2 prestataires")
    expect(peers).to_contain_text("Médiane des pairs")
    expect(page.locator("#partners-down")).to_contain_text("Pharmacie du Port")
    screenshot("fraud-provider-360")

    menu_go(page, "Contrôle", "Alertes")
    expect(page.get_by_role("heading", name="File des alertes")).to_be_visible()
    first = page.locator("table.data tbody tr").first
    expect(first).to_contain_text("Clinique Atlas")  # ranked first: 0.92 × 12 000 DH
    screenshot("fraud-alert-queue")
    first.get_by_role("checkbox").check()
    page.select_option("#id_action", "open")
    page.fill("#id_title", "Séjours fictifs à la Clinique Atlas")
    page.get_by_role("button", name="Appliquer").click()
    case = Case.objects.get()
    expect(page.get_by_role("heading", name=f"Dossier {case.reference}")).to_be_visible()
    page.get_by_role("button", name="Suspendre les paiements").click()
    expect(
        page.get_by_text("Paiements suspendus à titre préventif : Clinique Atlas")
    ).to_be_visible()
    screenshot("fraud-case")

    logout(page)
    login(page, live_server.url, "ordonnateur")
    page.goto(f"{live_server.url}/paiements/preparer/")
    page.select_option("#id_kind", "provider")
    page.get_by_role("button", name="Préparer le lot").click()
    run = PaymentRun.objects.get()
    expect(page.get_by_role("heading", name=f"Lot {run.reference}")).to_be_visible()
    skipped = page.locator("section.card.alert")
    expect(skipped).to_contain_text("Clinique Atlas")
    expect(skipped).to_contain_text(f"dossier d'investigation {case.reference}")
    expect(page.locator("table.data").first).to_contain_text("Clinique des Orangers")
    screenshot("fraud-run-skips-suspended-clinic")
    assert run.orders.get().provider.inpe == OTHER_CLINIC
    assert run.skipped_count == 2
