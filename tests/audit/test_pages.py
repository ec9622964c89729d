"""The controllers' pages: the trail queried by processor, object, period and action with the
old → new values under French labels, exported to CSV and XLSX; the read log; the agents'
statistics beside their peers' median."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openamo.audit.models import AuditEntry
from openamo.claims.services import (
    LineInput,
    claim_adjudicate,
    claim_move,
    claim_submit,
    line_review,
)
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create

pytestmark = pytest.mark.django_db


def _user(name, role=None):
    user = get_user_model().objects.create_user(name, password="x")
    if role:
        user_role_grant(user=user, role=role)
    return user


def _claim(beneficiary, day, code="C"):
    return claim_submit(
        beneficiary=beneficiary,
        channel="paper",
        deposit_date=day + timedelta(days=5),
        lines=[LineInput(kind="act", code=code, care_date=day, executor_inpe=GP)],
    )


@pytest.fixture
def office(cnops, client):
    """Two processors: « amina » adjudicates 3 files (one rejected: unknown code) and reviews a
    line; « karim » adjudicates 1 file and moves another to the medical review."""
    tariffs_create()
    providers_create()
    roles_sync()
    member, _ = family_create(cnops)
    amina, karim = _user("amina", Role.CLAIM_PROCESSOR), _user("karim", Role.CLAIM_PROCESSOR)
    day = date(2025, 3, 3)
    done = [
        claim_adjudicate(claim=_claim(member, day + timedelta(n)), user=amina) for n in range(2)
    ]
    claim_adjudicate(claim=_claim(member, day + timedelta(3), code="ZZZ"), user=amina)
    line_review(
        claim_line=done[0].lines.get(), reviewer=amina, decision="reject", justification="doublon"
    )
    claim_adjudicate(claim=_claim(member, day + timedelta(4)), user=karim)
    moved = claim_move(
        claim=_claim(member, day + timedelta(5)),
        to_status="medical_review",
        user=karim,
        reason="avis",
    )
    client.force_login(_user("auditeur", Role.AUDITOR))
    return client, done, moved


def test_the_trail_by_processor_object_and_action_shows_french_labels(office):
    client, done, moved = office
    url = reverse("portal:audit:trail")
    page = client.get(url, {"auteur": "karim", "action": "transition"}).content.decode()
    assert moved.reference in page
    assert done[0].reference not in page
    assert "Statut" in page and "Reçu" in page and "En contrôle médical" in page
    assert "medical_review" not in page  # never a code
    page = client.get(url, {"objet": done[0].reference}).content.decode()
    assert page.count(done[0].reference) >= 3  # submitted, adjudicated, adjudicated again
    assert "Résultat de la liquidation" in page and "Accepté" in page and "Rejeté" in page
    today = timezone.localdate()
    empty = client.get(url, {"du": today + timedelta(1)}).content.decode()
    assert "Aucune entrée" in empty
    bad = client.get(url, {"du": today, "au": today - timedelta(1)}).content.decode()
    assert "La fin de la période précède son début." in bad


def test_the_trail_exports_its_filtered_rows_with_old_and_new_values(office):
    client, done, moved = office
    url = reverse("portal:audit:trail")
    response = client.get(url, {"auteur": "karim", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("numero;date;auteur;action;type_objet;objet;identifiant")
    assert len(lines) == 1 + AuditEntry.objects.filter(actor__username="karim").count()
    assert any(moved.reference in x and "statut : Reçu → En contrôle médical" in x for x in lines)
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("N°", "Date", "Auteur")
    assert len(rows) == 1 + AuditEntry.objects.count()


def test_the_read_log_page_lists_who_read_whose_file(office):
    client, done, _ = office
    reader = _user("lecteur", Role.CLAIM_PROCESSOR)
    client.force_login(reader)
    client.get(reverse("portal:claims:statement", args=[done[0].reference]))
    client.force_login(get_user_model().objects.get(username="auditeur"))
    registration = done[0].beneficiary.registration_number
    page = client.get(
        reverse("portal:audit:reads"), {"personne": registration, "lecteur": "lecteur"}
    ).content.decode()
    assert "Décompte (page)" in page and done[0].beneficiary.full_name in page
    csv = client.get(reverse("portal:audit:reads"), {"export": "csv"})
    assert "lecteur" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_the_agents_statistics_compare_each_with_the_median(office):
    client, _, _ = office
    response = client.get(reverse("portal:audit:processors"), {"export": "csv"})
    rows = [
        r.split(";") for r in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    ]
    by_agent = {r[0]: r for r in rows[1:]}
    assert set(by_agent) == {"amina", "karim"}
    # amina: 3 files, 4 adjudications (one after her review) of which 2 rejected (the unknown
    # code, the line she rejected), 1 line reviewed; karim: 2 files (1 adjudicated, 1 moved).
    # Medians: 2.5 files a day, 25 % of rejections, 16.7 % of overrides (33.3 and 0).
    amina = ["3", "1", "3,00", "0,50", "4", "50,00", "25,00", "1", "33,30", "16,60"]
    karim = ["2", "1", "2,00", "-0,50", "1", "0,00", "-25,00", "0", "0,00", "-16,70"]
    assert (by_agent["amina"][1:], by_agent["karim"][1:]) == (amina, karim)
    page = client.get(reverse("portal:audit:processors")).content.decode()
    assert "Médianes des agents" in page and "amina" in page
