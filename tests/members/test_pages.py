"""The member search and the member's file, for staff only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from .helpers import child_add, member_make


@pytest.fixture
def staff(client, db):
    user = get_user_model().objects.create_user("agent", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(user)
    return client


@pytest.fixture
def member(cnops):
    member = member_make(cnops)
    child_add(member)
    member_make(cnops, cin="CD654321", last_name="Tazi", first_name="Omar")
    return member


def test_search_by_name_cin_and_registration(staff, member):
    for query in ("alaoui", "AB123456", member.registration_number):
        html = staff.get("/assures/", {"q": query}).content.decode()
        assert member.registration_number in html, query
        assert "Tazi" not in html, query
    assert "Aucun assuré" in staff.get("/assures/", {"q": "zzz"}).content.decode()


def test_member_file_shows_identity_family_rights_and_sections(staff, member):
    html = staff.get(f"/assures/{member.pk}/").content.decode()
    for text in (
        "AB123456",
        "10/05/1980",
        "Salma",
        "Enfant",
        "du 01/01/2010 au 14/03/2024",
        "Droits ouverts",
        "Exonérations ALD/ALC",
        "Cotisations",
    ):
        assert text in html, text
    assert staff.get("/assures/999999/").status_code == 404


def test_navigation_shows_the_entry(staff, member):
    assert 'href="/assures/"' in staff.get("/").content.decode()


def test_anonymous_is_redirected_and_plain_user_forbidden(client, member):
    response = client.get("/assures/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    user = get_user_model().objects.create_user("plain", password="x")
    client.force_login(user)
    assert client.get(f"/assures/{member.pk}/").status_code == 403


def _csv_rows(response):
    import csv
    import io

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_list_sorts_filters_by_status_and_exports_what_it_shows(staff, member, cnops):
    retired = member_make(cnops, cin="EF111222", last_name="Bennani", status="retired")
    page = staff.get("/assures/", {"tri": "-nom"})
    assert [m.last_name for m in page.context["page"]] == ["Tazi", "Bennani", "Alaoui"]
    assert 'aria-sort="descending"' in page.content.decode()
    assert page.context["sort"] == "-nom"
    assert staff.get("/assures/", {"tri": "rib"}).context["sort"] == "nom"
    rows = _csv_rows(staff.get("/assures/", {"statut": "retired", "export": "csv"}))
    assert rows[0][:5] == ["immatriculation", "nom", "prenom", "cin", "date_naissance"]
    assert [(r[0], r[6]) for r in rows[1:]] == [(retired.registration_number, "Retraité")]
    rows = _csv_rows(staff.get("/assures/", {"q": "alaoui", "export": "csv"}))
    assert [r[3] for r in rows[1:]] == ["AB123456"] and rows[1][4] == "1980-05-10"


def test_a_user_without_the_permission_cannot_export(client, member):
    user = get_user_model().objects.create_user("curieux", password="x")
    client.force_login(user)
    assert client.get("/assures/", {"export": "csv"}).status_code == 403
    assert client.get("/assures/", {"export": "xlsx"}).status_code == 403
