"""A members officer finds an insured person and reads their file."""

from datetime import date

import pytest
from playwright.sync_api import expect

from openamo.members import services
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.e2e.menu import menu_go
from tests.members.helpers import child_add, condition_make, member_make, spouse_add

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(cnops, django_user_model):
    member = member_make(cnops)
    spouse_add(member)
    child = child_add(member, birth_date=date(2003, 3, 15), student_until=date(2026, 6, 30))
    services.ald_exemption_grant(
        beneficiary=child.beneficiary, condition=condition_make(), starts_on=date(2024, 1, 1)
    )
    roles_sync()
    user = django_user_model.objects.create_user(
        "agent", password="Agent-pw-2026", first_name="Salma"
    )
    user_role_grant(user=user, role=Role.CONTRIBUTIONS_OFFICER)
    return member


def test_officer_searches_by_cin_and_reads_the_family_file(live_server, page, screenshot, officer):
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", "Agent-pw-2026")
    page.get_by_role("button", name="Se connecter").click()
    menu_go(page, "Assurés", "Assurés")
    page.fill("#q", officer.cin)
    page.get_by_role("button", name="Rechercher").click()
    screenshot("members-search")
    page.get_by_role("link", name=officer.registration_number).click()
    expect(page.get_by_text("Bennani Nadia").first).to_be_visible()
    expect(page.get_by_text("Alaoui Salma").first).to_be_visible()
    expect(page.get_by_text("ALD8").first).to_be_visible()
    screenshot("member-file")
