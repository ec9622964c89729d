"""A broker logs in, finds the client in arrears from the portfolio's home, opens its page
(declarations, states, arrears) and exports the client's insured members."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.contributions import services as contributions
from openamo.core.money import format_dh
from openamo.members.models import Broker, BrokerMandate
from openamo.portal.models import PortalAccess
from tests.contributions.helpers import csv_bytes, employer_make, member_make
from tests.e2e.menu import nav_go

pytestmark = pytest.mark.django_db(transaction=True)


def _declare(employer, members, period, salary="6000"):
    outcome = contributions.declaration_import(
        employer=employer,
        period=period,
        name="paie.csv",
        content=csv_bytes(*(f"{m.registration_number};;{salary};26;" for m in members)),
    )
    assert outcome.ok, outcome.errors
    return outcome.declaration


@pytest.fixture
def portfolio(cnops):
    broker = Broker.objects.create(
        name="Atlas Courtage et Conseil",
        acaps_number="ACAPS-IC-2019-0142",
        phone="0522 48 17 30",
        email="contact@atlas-courtage.ma",
    )
    ministry = employer_make(cnops, cnss_number="7654321", contact_name="Service RH")
    agency = employer_make(cnops, name="Agence Urbaine de Rabat")
    rival = employer_make(cnops, name="Office des Changes")
    for employer in (ministry, agency):
        BrokerMandate.objects.create(
            broker=broker, employer=employer, valid_from=date(2024, 1, 1), reference="MDT-001"
        )
    other = Broker.objects.create(name="Sigma Assurances", acaps_number="ACAPS-2020-0007")
    BrokerMandate.objects.create(broker=other, employer=rival, valid_from=date(2024, 1, 1))
    staff = [
        member_make(cnops, ministry, "AB100001"),
        member_make(cnops, ministry, "AB100002", mutuelle=True),
        member_make(cnops, ministry, "AB100003"),
    ]
    member_make(cnops, agency, "CD200001")
    member_make(cnops, rival, "EF300001")
    _declare(ministry, staff, date(2024, 4, 1))  # 1,008.00 DH
    _declare(ministry, staff, date(2024, 5, 1))  # 1,008.00 DH
    contributions.receipt_record(
        employer=ministry,
        amount=D("1500.00"),  # April in full, 492.00 on May: 516.00 DH left, late
        received_on=date(2024, 5, 8),
        channel="transfer",
        reference="VIR-2024-0412",
    )
    user = get_user_model().objects.create_user(
        "courtier", password="Courtier-pw-2026", first_name="Karim", last_name="Benjelloun"
    )
    PortalAccess.objects.create(user=user, role="broker", broker=broker)
    return ministry, staff


def test_broker_finds_arrears_and_exports_members(live_server, page, screenshot, portfolio):
    ministry, staff = portfolio
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "courtier")
    page.fill("#id_password", "Courtier-pw-2026")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Atlas Courtage et Conseil")).to_be_visible()
    expect(page.get_by_role("heading", name="Clients en retard de paiement")).to_be_visible()
    expect(page.get_by_text("Office des Changes")).to_have_count(0)
    screenshot("broker-home")

    page.get_by_role("link", name=ministry.name).first.click()
    expect(page.get_by_role("heading", name=ministry.name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=f"Impayés : {format_dh(D('516.00'))}")).to_be_visible()
    expect(page.get_by_text("Soldé", exact=True)).to_be_visible()
    expect(page.locator("table.data").get_by_text("En retard").first).to_be_visible()
    screenshot("broker-client")

    page.get_by_role("link", name="Assurés de ce client").click()
    expect(page.get_by_text("3 assurés")).to_be_visible()
    screenshot("broker-members")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    text = download.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert sorted(r[0] for r in rows[1:]) == sorted(m.registration_number for m in staff)
    assert {r[4] for r in rows[1:]} == {ministry.name}

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes clients"
    ).click()
    expect(page.get_by_text("Agence Urbaine de Rabat")).to_be_visible()
    screenshot("broker-clients")
    nav_go(page, "Déclarations")
    page.fill("#id_periode", "2024-05")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("1 déclaration", exact=True)).to_be_visible()
    screenshot("broker-declarations")
