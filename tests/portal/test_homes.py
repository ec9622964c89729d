"""Each role's home counts what waits for it on a small fund (`homes_world`), links each count
to the list filtered on it, and costs a fixed handful of queries."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from openamo.portal.homes.admin import admin_panel
from openamo.portal.homes.authorizations import delegation_panel, reviewer_panel
from openamo.portal.homes.claims import processor_panel
from openamo.portal.homes.members import members_panel
from openamo.portal.homes.payments import payment_panel
from openamo.portal.homes.provider import provider_panel
from tests.portal.homes_world import ROLES, TODAY, now_on, world_build

pytestmark = pytest.mark.django_db
MAX_QUERIES = 18  # measured 10 to 17: session, user, groups, menu permissions, the aggregates


@pytest.fixture
def world(cnops):
    return world_build(cnops)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: now_on())


def tiles(panel) -> dict:
    return {t.label: t for t in panel.tiles}


def values(panel) -> dict:
    return {t.label: t.value for t in panel.tiles}


def test_the_processor_counts_its_files_the_team_files_and_the_deadlines(world):
    panel = processor_panel(user=world.users["claim_processor"], today=TODAY)
    assert values(panel) == {
        "Mes dossiers à traiter": 2,
        "Reçus, à prendre (équipe)": 1,
        "En attente de pièces": 1,
        "Échéance aujourd'hui": 1,
        "Délai dépassé": 1,
    }
    assert tiles(panel)["Délai dépassé"].tone == "alert"
    chart = panel.charts[0]
    assert chart.labels[-2:] == ["15/03", "16/03"]
    assert [s.data[-2] for s in chart.series] == [1, 1]  # adjudicated yesterday, by me
    assert [row[0][0] for row in panel.table["rows"]] == ["F-HOME-3", "F-HOME-2"]


def test_the_reviewer_counts_its_queue_and_the_requests_decided_within_48_hours(world):
    panel = reviewer_panel(user=world.users["medical_reviewer"], today=TODAY, now=now_on())
    assert values(panel) == {
        "Dossiers en contrôle médical": 1,
        "Demandes en instruction": 2,
        "Pièces demandées, en attente": 1,
        "À décider aujourd'hui": 1,
        "Délai dépassé": 1,
        "Demandes d'exonération ALD à instruire": 0,
        "Contre-visites en cours": 0,
    }
    on_time, late = panel.charts[0].series
    assert sum(on_time.data) == 1 and sum(late.data) == 0
    assert on_time.data[-2] == 1  # decided on Sunday 15/03: the week of Monday 09/03


def test_the_delegation_agent_sees_its_own_queue_only(world):
    panel = delegation_panel(user=world.users["delegation_agent"], today=TODAY, now=now_on())
    assert values(panel) == {
        "Demandes en instruction": 1,
        "Pièces demandées, en attente": 0,
        "À décider aujourd'hui": 0,
        "Délai dépassé": 0,
    }


def test_the_payment_officer_sees_runs_invoices_and_what_is_ready(world):
    panel = payment_panel(user=world.users["payment_officer"], today=TODAY)
    assert values(panel) == {
        "Lots préparés, à émettre": 1,
        "Lots émis, retour de la banque attendu": 0,
        "Dossiers liquidés à payer": 1,
        "Factures tiers payant à payer": D("3500.00"),
        "Engagement de paiement dépassé": 1,
        "Oppositions en cours": 0,
    }
    insured, providers = panel.charts[0].series
    assert providers.data[-2] == D("1234.50") and sum(insured.data) == 0  # week of 09/03


def test_the_provider_sees_its_requests_invoices_and_payments(world):
    panel = provider_panel(provider=world.clinic, today=TODAY, now=now_on())
    assert values(panel) == {
        "Demandes en instruction": 3,
        "Pièces à envoyer": 1,
        "Demandes hors délai de décision": 1,
        "Factures acceptées, à payer": D("3500.00"),
        "Engagement de paiement dépassé": D("1000.00"),
    }
    assert "prochaine échéance le 26/03/2026" in tiles(panel)["Factures acceptées, à payer"].note
    assert panel.charts[0].series[0].data[-1] == D("1234.50")
    assert [row[0][0] for row in panel.table["rows"]] == ["ORD-HOME-1"]


def test_the_administrator_sees_the_fund_but_links_only_where_it_may_go(world):
    panel = admin_panel(user=world.users["administrator"], today=TODAY, now=now_on())
    found = tiles(panel)
    assert found["Assurés principaux"].value == 2
    assert found["Dossiers en cours"].value == 4 and found["Dossiers en cours"].note == (
        "dont 1 hors délai"
    )
    assert found["Demandes de prise en charge en attente"].value == 4
    assert all(t.url == "" for t in panel.tiles)  # referentials only: no list to open


def test_the_members_officer_counts_the_population(world):
    found = values(members_panel(user=world.users["members_officer"], today=TODAY))
    assert found["Assurés principaux"] == 2 and found["Immatriculés ces 30 jours"] == 0


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Mes dossiers à traiter", {"F-HOME-2", "F-HOME-3"}),
        ("Reçus, à prendre (équipe)", {"F-HOME-1"}),
        ("Échéance aujourd'hui", {"F-HOME-2"}),
        ("Délai dépassé", {"F-HOME-3"}),
    ],
)
def test_the_processor_tiles_open_the_queue_filtered_on_their_count(
    client, world, frozen, label, expected
):
    user = world.users["claim_processor"]
    client.force_login(user)
    tile = tiles(processor_panel(user=user, today=TODAY))[label]
    page = client.get(tile.url).context["page"]
    assert {c.reference for c in page.object_list} == expected


@pytest.mark.parametrize(
    ("role", "label", "expected"),
    [
        ("medical_reviewer", "Délai dépassé", {"PEC-HOME-2"}),
        ("medical_reviewer", "À décider aujourd'hui", {"PEC-HOME-1"}),
        ("medical_reviewer", "Pièces demandées, en attente", {"PEC-HOME-3"}),
        ("delegation_agent", "Demandes en instruction", {"PEC-HOME-4"}),
    ],
)
def test_the_queue_tiles_open_the_queue_filtered(client, world, frozen, role, label, expected):
    client.force_login(world.users[role])
    builder = reviewer_panel if role == "medical_reviewer" else delegation_panel
    tile = tiles(builder(user=world.users[role], today=TODAY, now=now_on()))[label]
    page = client.get(tile.url).context["page"]
    assert {r.reference for r in page.object_list} == expected


def test_the_provider_tiles_open_its_lists_filtered(client, world, frozen):
    client.force_login(world.users["provider"])
    found = tiles(provider_panel(provider=world.clinic, today=TODAY, now=now_on()))
    late = client.get(found["Engagement de paiement dépassé"].url).context["page"]
    assert [i.reference for i in late.object_list] == ["FTP-HOME-1"]
    to_pay = client.get(found["Factures acceptées, à payer"].url).context["page"]
    assert {i.reference for i in to_pay.object_list} == {"FTP-HOME-1", "FTP-HOME-2"}
    requests = client.get(found["Demandes hors délai de décision"].url).context["page"]
    assert [r.reference for r in requests.object_list] == ["PEC-HOME-2"]


@pytest.mark.parametrize("role", [*(r.value for r in ROLES), "provider"])
def test_each_home_renders_its_panel_in_few_queries(
    client, world, frozen, role, django_assert_max_num_queries
):
    client.force_login(world.users[role])
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    key = role if role != "provider" else "provider"
    assert f'id="tableau-{key}"'.encode() in response.content
    assert b"chart-title" in response.content


def test_the_fraud_controller_tiles_open_the_alert_and_case_queues(world):
    from openamo.fraud.models import Alert, Case
    from openamo.portal.homes.fraud import fraud_panel

    user = world.users["fraud_controller"]
    Alert.objects.create(
        detector="duplicate_line", reason_code="duplicate_line", explanation="Doublon.",
        score=0.97, amount_at_stake=D("64.00"), dedup_key="k1", created_at=now_on(),
    )  # fmt: skip
    Case.objects.create(reference="ENQ-1", title="Clinique", opened_at=now_on(), assigned_to=user)
    panel = fraud_panel(user=user, today=TODAY)
    by_label = tiles(panel)
    assert by_label["Alertes nouvelles"].value == 1
    assert by_label["Alertes nouvelles"].url == reverse("portal:fraud:alerts") + "?statut=new"
    assert by_label["Dossiers d'enquête ouverts"].note == "dont 1 à moi"
    assert (
        by_label["Dossiers d'enquête ouverts"].url == reverse("portal:fraud:cases") + "?statut=open"
    )
