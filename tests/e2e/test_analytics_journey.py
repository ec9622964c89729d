"""The analyst opens every Pilotage dashboard from the menu; an employer opens its own. Each
page is photographed (test-artifacts/screenshots/analytics-*.png) to be looked at."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.analytics.extract import analytics_refresh
from openamo.members.models import Member
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.authorizations.conftest import _fresh_tariffs, fund  # noqa: F401
from tests.contributions.helpers import employer_make
from tests.e2e.menu import menu_go, nav_go
from tests.payments.test_services import families  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Pilotage-pw-2026"
BOARDS = (
    ("effectifs", "Effectifs"),
    ("cotisations", "Masse salariale et cotisations"),
    ("consommation", "Consommation de soins"),
    ("delais", "Délais de traitement"),
    ("reclamations", "Réclamations"),
    ("taux", "Taux clés"),
)


@pytest.fixture
def accounts(families, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("OPENAMO_ANALYTICS_DIR", str(tmp_path / "analytics"))
    member, other, _ = families
    employer = employer_make(other.scheme)
    row = Member.objects.get(pk=other.pk)
    row.employer = employer
    row.save()
    roles_sync()
    model = get_user_model()
    analyst = model.objects.create_user("analyste", password=PASSWORD, is_staff=True)
    user_role_grant(user=analyst, role=Role.ANALYST)
    hr = model.objects.create_user("rh", password=PASSWORD)
    PortalAccess.objects.create(user=hr, role="employer", employer=employer)
    analytics_refresh()


def login(page, url, username):
    page.goto(f"{url}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_analyst_and_employer_open_their_dashboards(live_server, page, screenshot, accounts):
    login(page, live_server.url, "analyste")
    for slug, title in BOARDS:
        menu_go(page, "Pilotage", title)
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.locator(".dash-grid .card").first).to_be_visible()
        page.wait_for_timeout(400)  # the charts' animation
        screenshot(f"analytics-staff-{slug}")
    page.locator("details.usermenu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    login(page, live_server.url, "rh")
    nav_go(page, "Tableaux de bord")
    expect(page.get_by_role("heading", name="Effectifs")).to_be_visible()
    assert page.get_by_role("link", name="Délais de traitement").count() == 0
    for slug, title in BOARDS[:3]:
        page.locator("nav.tabs").get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        page.wait_for_timeout(400)
        screenshot(f"analytics-employer-{slug}")
