"""The top bar: the staff menu grouped by section, portal users' flat menu, the global search
inside the user's scope, breadcrumbs, the profile page and its password change."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from openamo.members.models import Mutuelle
from openamo.portal.context import NAVIGATION, SECTIONS, navigation
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role
from tests.portal.homes_world import world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops):
    return world_build(cnops)


def _portal_user(username, **access):
    user = get_user_model().objects.create_user(username, password="Homes-pw-2026")
    PortalAccess.objects.create(user=user, **access)
    return user


def _menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)["nav_menu"]


def test_every_staff_entry_has_a_section_of_the_menu():
    staff = [e for e in NAVIGATION if e.permission or e.staff_only]
    assert staff and all(e.section in SECTIONS for e in staff)


def test_a_superuser_menu_is_one_row_of_sections(db):
    admin = get_user_model().objects.create_superuser("chef", password="Homes-pw-2026")
    menu = _menu(admin, "/dossiers/F-1/")
    assert [m["label"] for m in menu] == [
        "Accueil",
        "Assurés",
        "Cotisations",
        "Prestations",
        "Prises en charge",
        "Paiements",
        "Contrôle",
        "Pilotage",
        "Administration",
    ]
    benefits = next(m for m in menu if m["label"] == "Prestations")
    assert benefits["active"]  # a claim's page
    assert [e["label"] for e in benefits["entries"]] == [
        "Dossiers",
        "Réclamations",
        "Réclamations : tableau de bord",
    ]
    payments = next(m for m in menu if m["label"] == "Paiements")
    assert not payments["active"] and [e["label"] for e in payments["entries"]] == [
        "Lots de paiement",
        "Oppositions",
        "Flux complémentaires",
    ]


def test_portal_users_keep_a_short_flat_menu(world):
    menu = _menu(world.users["provider"])
    assert all(not m["entries"] for m in menu)
    assert [m["label"] for m in menu] == [
        "Accueil",
        "Éligibilité",
        "Prises en charge",
        "Factures tiers payant",
        "Paiements",
        "Demandes ALD",
    ]


def test_the_menu_renders_drop_downs_for_staff(client, world):
    client.force_login(world.users["payment_officer"])
    html = client.get(reverse("portal:home")).content.decode()
    assert '<details class="dropdown">' in html and "<summary>Paiements</summary>" in html
    assert 'role="search"' in html


def test_staff_search_jumps_to_the_member_file_by_registration_number_or_cin(client, world):
    client.force_login(world.users["claim_processor"])
    member = world.other
    for term in (member.registration_number, member.cin, member.cin.lower()):
        response = client.get(reverse("portal:search"), {"q": term})
        assert response.status_code == 302, term
        assert response.url == reverse("portal:members:detail", args=[member.pk])


def test_staff_search_by_claim_reference_and_by_name(client, world):
    client.force_login(world.users["claim_processor"])
    response = client.get(reverse("portal:search"), {"q": "f-home-3"})
    assert response.url == reverse("portal:claims:detail", args=["F-HOME-3"])
    response = client.get(reverse("portal:search"), {"q": "Alaoui"})
    assert response.status_code == 302  # one family named Alaoui
    response = client.get(reverse("portal:search"), {"q": "personne"})
    assert response.status_code == 200 and "Aucun résultat" in response.content.decode()


def test_search_finds_requests_and_invoices_only_for_who_may_read_them(client, world):
    client.force_login(world.users["medical_reviewer"])
    response = client.get(reverse("portal:search"), {"q": "PEC-HOME-2"})
    assert response.status_code == 302 and "/prises-en-charge/" in response.url
    client.force_login(world.users["members_officer"])  # no right on requests
    response = client.get(reverse("portal:search"), {"q": "PEC-HOME-2"})
    assert response.status_code == 200 and response.context["hits"] == []


def test_an_insured_person_finds_nothing_outside_the_family(client, world):
    insured = _portal_user("famille", role=Role.INSURED, member=world.family)
    client.force_login(insured)
    other = client.get(reverse("portal:search"), {"q": world.other.registration_number})
    assert other.status_code == 200 and other.context["hits"] == []
    own = client.get(reverse("portal:search"), {"q": "F-HOME-5"})
    assert own.url == reverse("portal:insured_statement", args=["F-HOME-5"])


def test_a_mutuelle_agent_finds_only_its_members(client, world):
    mutuelle = Mutuelle.objects.create(code="mut", name="Mutuelle Test")
    type(world.other).objects.filter(pk=world.other.pk).update(mutuelle=mutuelle)
    agent = _portal_user("agent", role=Role.MUTUELLE_AGENT, mutuelle=mutuelle)
    client.force_login(agent)
    mine = client.get(reverse("portal:search"), {"q": world.other.cin})
    assert mine.url == reverse("portal:mutuelle:member", args=[world.other.registration_number])
    for term in (world.family.registration_number, world.family.cin, "F-HOME-1"):
        response = client.get(reverse("portal:search"), {"q": term})
        assert response.status_code == 200 and response.context["hits"] == [], term


def test_a_provider_searches_its_requests_not_people(client, world):
    client.force_login(world.users["provider"])
    response = client.get(reverse("portal:search"), {"q": world.family.registration_number})
    assert response.context["hits"] == []
    response = client.get(reverse("portal:search"), {"q": "FAC-2"})
    assert response.status_code == 302 and "/factures/" in response.url


def test_detail_pages_carry_breadcrumbs(client, world):
    client.force_login(world.users["claim_processor"])
    html = client.get(reverse("portal:claims:detail", args=["F-HOME-1"])).content.decode()
    assert '<nav class="breadcrumbs"' in html
    assert f'<a href="{reverse("portal:claims:queue")}">Dossiers</a>' in html
    assert '<li aria-current="page">F-HOME-1</li>' in html


def test_the_profile_changes_the_password_and_keeps_the_session(client, world):
    user = world.users["claim_processor"]
    client.force_login(user)
    page = client.get(reverse("portal:profile"))
    assert "Liquidateur" in page.content.decode() and "Ancien mot de passe" in page.content.decode()
    wrong = client.post(
        reverse("portal:profile"),
        {
            "old_password": "faux",
            "new_password1": "Nouveau-pw-2026!",
            "new_password2": "Nouveau-pw-2026!",
        },
    )
    assert wrong.status_code == 200 and "incorrect" in wrong.content.decode()
    done = client.post(
        reverse("portal:profile"),
        {
            "old_password": "Homes-pw-2026",
            "new_password1": "Nouveau-pw-2026!",
            "new_password2": "Nouveau-pw-2026!",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-pw-2026!")
    assert client.get(reverse("portal:home")).status_code == 200  # still logged in
