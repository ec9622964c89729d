"""The payment officer prepares a run, issues it, downloads the transfer file and marks it
paid; then the insured person sees the payment with the claims it reimbursed."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.payments.models import PaymentRun
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.authorizations.conftest import _fresh_tariffs, fund  # noqa: F401
from tests.e2e.menu import nav_go
from tests.payments.builders import payer_create
from tests.payments.test_services import families  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Paiement-pw-2026"


@pytest.fixture
def accounts(families):  # noqa: F811
    member, _, claims = families
    payer_create()
    roles_sync()
    model = get_user_model()
    officer = model.objects.create_user(
        "ordonnateur", password=PASSWORD, first_name="Samira", last_name="Ordonnatrice"
    )
    user_role_grant(user=officer, role=Role.PAYMENT_OFFICER)
    insured = model.objects.create_user("karim", password=PASSWORD, first_name="Karim")
    PortalAccess.objects.create(user=insured, role="insured", member=member)
    return member, claims


def login(page, url, username):
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_officer_pays_a_run_and_the_insured_sees_it(live_server, page, screenshot, accounts):
    member, claims = accounts
    login(page, live_server.url, "ordonnateur")
    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_text("Paiements", exact=True).click()  # the section's drop-down
    nav.get_by_role("link", name="Lots de paiement").click()
    expect(page.get_by_role("heading", name="Lots de paiement")).to_be_visible()
    page.get_by_role("link", name="Préparer un lot").first.click()
    page.select_option("#id_kind", "insured")
    screenshot("payment-prepare")
    page.get_by_role("button", name="Préparer le lot").click()
    run = PaymentRun.objects.get()
    expect(page.get_by_role("heading", name=f"Lot {run.reference}")).to_be_visible()
    expect(page.get_by_text("352,00 DH").first).to_be_visible()
    page.get_by_role("button", name="Émettre les virements").click()
    expect(page.get_by_text("Fichier de virements produit")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier de virements").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert download.value.suggested_filename == f"virements-{run.reference}.csv"
    assert text.splitlines()[-1].endswith(f";2 virements;352.00;{run.reference}")
    screenshot("payment-run-issued")
    page.get_by_role("button", name="Marquer tout le lot payé").click()
    expect(page.get_by_text("2 ordre(s) marqué(s) payé(s)")).to_be_visible()
    expect(page.get_by_text("Clôturé").first).to_be_visible()
    screenshot("payment-run-closed")
    order = run.orders.get(member=member)
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_text(claims[1].reference)).to_be_visible()
    screenshot("payment-order")
    nav.get_by_text("Paiements", exact=True).click()
    nav.get_by_role("link", name="Oppositions").click()
    page.select_option("#id_target_kind", "member")
    page.fill("#id_target", "999")
    page.fill("#id_reason", "Enquête anti-fraude")
    page.get_by_role("button", name="Poser l'opposition").click()
    expect(page.get_by_text("aucun assuré n'a ce n° d'immatriculation")).to_be_visible()
    page.fill("#id_target", member.registration_number)
    page.get_by_role("button", name="Poser l'opposition").click()
    expect(page.get_by_text("Opposition posée : assuré")).to_be_visible()
    expect(page.get_by_text("En vigueur", exact=True)).to_be_visible()
    screenshot("payment-holds")

    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, live_server.url, "karim")
    nav_go(page, "Mes paiements")
    expect(page.get_by_role("heading", name="Mes paiements")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=order.reference)
    expect(row).to_contain_text("256,00 DH")
    expect(row).to_contain_text("Payé")
    expect(row).to_contain_text(claims[0].reference)
    screenshot("payment-insured")
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", name=f"Paiement {order.reference}")).to_be_visible()
    screenshot("payment-insured-detail")
