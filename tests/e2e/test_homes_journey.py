"""Every role's home at 1366 px (screenshots to look at), and a processor's journey: the global
search with a registration number lands on the family's file; the grouped menu opens with the
keyboard."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from openamo.contributions import services as contributions
from openamo.members.models import Broker, BrokerMandate, Member, Mutuelle
from openamo.portal.models import PortalAccess
from tests.contributions.helpers import csv_bytes, employer_make
from tests.contributions.helpers import member_make as staff_member
from tests.portal.homes_world import world_build

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Homes-pw-2026"


def _portal(username, **access):
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name="Nadia")
    PortalAccess.objects.create(user=user, **access)


def _first_of(day: date, months_back: int) -> date:
    first = day.replace(day=1)
    for _ in range(months_back):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def _employer(cnops, today):
    employer = employer_make(cnops, name="Office National des Pêches", contact_name="Service RH")
    staff = [staff_member(cnops, employer, f"AB7000{n:02d}") for n in range(4)]
    for back in (4, 3, 2):
        outcome = contributions.declaration_import(
            employer=employer,
            period=_first_of(today, back),
            name="paie.csv",
            content=csv_bytes(*(f"{m.registration_number};;7000;26;" for m in staff)),
        )
        assert outcome.ok, outcome.errors
    contributions.receipt_record(
        employer=employer,
        amount=D("1800.00"),
        received_on=_first_of(today, 2) + timedelta(days=12),
        channel="transfer",
        reference="VIR-HOME-1",
    )
    return employer


@pytest.fixture
def fund(cnops):
    today = timezone.localdate()
    world = world_build(cnops, today=today)
    for user in world.users.values():
        user.first_name, user.last_name = "Salma", "Idrissi"
        user.save(update_fields=["first_name", "last_name"])
    _portal("assure", role="insured", member=world.family)
    mutuelle = Mutuelle.objects.create(code="mgpap", name="MGPAP")
    Member.objects.filter(pk=world.other.pk).update(mutuelle=mutuelle)
    _portal("mutuelle", role="mutuelle_agent", mutuelle=mutuelle)
    employer = _employer(cnops, today)
    _portal("employeur", role="employer", employer=employer)
    broker = Broker.objects.create(name="Atlas Courtage", acaps_number="ACAPS-IC-2019-0142")
    BrokerMandate.objects.create(broker=broker, employer=employer, valid_from=date(2024, 1, 1))
    _portal("courtier", role="broker", broker=broker)
    return world


def login(page, url, username):
    page.set_default_timeout(60000)  # a shared, loaded machine
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


HOMES = [
    ("claim_processor", "Liquidation des dossiers"),
    ("medical_reviewer", "Contrôle médical"),
    ("delegation_agent", "Prises en charge de la délégation"),
    ("members_officer", "Affiliation et immatriculation"),
    ("contributions_officer", "Cotisations"),
    ("payment_officer", "Paiements"),
    ("fraud_controller", "Contrôle et lutte contre la fraude"),
    ("administrator", "Vue d'ensemble de la caisse"),
    ("clinique", "Prestataire 200000002"),
    ("employeur", "Office National des Pêches"),
    ("courtier", "Atlas Courtage"),
    ("assure", None),
    ("mutuelle", "MGPAP"),
]


def test_every_home_at_1366_px(live_server, page, screenshot, fund):
    for username, heading in HOMES:
        page.context.clear_cookies()
        login(page, live_server.url, username)
        if heading:
            expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        screenshot(f"home-{username}")
        bar = page.locator(".topbar").bounding_box()
        assert bar["height"] < 80, username  # the menu holds on one row


def test_search_then_land_on_the_family_file(live_server, page, screenshot, fund):
    login(page, live_server.url, "claim_processor")
    expect(page.get_by_role("heading", name="Liquidation des dossiers")).to_be_visible()
    page.get_by_role("link", name="Délai dépassé").click()
    expect(page.get_by_role("link", name="F-HOME-3")).to_be_visible()
    expect(page.locator("table.data tbody tr")).to_have_count(1)

    search = page.get_by_role("searchbox", name="Recherche globale")
    search.fill(fund.family.registration_number)
    search.press("Enter")
    name = f"{fund.family.last_name} {fund.family.first_name}"
    expect(page.get_by_role("heading", name=name).first).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    expect(crumbs.get_by_role("link", name="Assurés")).to_be_visible()
    screenshot("search-family-file")

    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.locator("summary", has_text="Assurés").focus()
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Éligibilité")).to_be_visible()
    screenshot("menu-open")
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Éligibilité")).to_be_hidden()
