"""The mutuelle agent's space: only the members whose mutuelle is the agent's and their claims
(another mutuelle's member or claim is not found), the figures to the unit and the centime, the
family file with rights and ALD, claim filters and exports, the statement page and PDF."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.core.money import format_dh
from openamo.members.models import Mutuelle
from openamo.members.services import ald_exemption_grant
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.claims.db_builders import GP, providers_create, tariffs_create
from tests.contributions.helpers import employer_make
from tests.members.helpers import child_add, condition_make, member_make

pytestmark = pytest.mark.django_db


def agent_user(mutuelle, username="agent.mgpap"):
    user = get_user_model().objects.create_user(username, password="Mutuelle-pw-2026")
    PortalAccess.objects.create(user=user, role="mutuelle_agent", mutuelle=mutuelle)
    return user


def consultation(beneficiary, *, deposit, channel="paper", adjudicate=True, code="C"):
    claim = claim_submit(
        beneficiary=beneficiary,
        channel=channel,
        deposit_date=deposit,
        lines=[
            LineInput(
                kind="act", code=code, care_date=deposit - timedelta(days=3), executor_inpe=GP
            )
        ],
    )
    return claim_adjudicate(claim=claim) if adjudicate else claim


@pytest.fixture
def world(cnops, frozen_day):
    """MGPAP: the Alaoui family (member + child with a lifetime ALD) and Idrissi; MGEN: Tazi.
    This month: two consultations of the Alaoui family adjudicated (64.00 DH each) and one
    received by the mutuelle flow; Tazi's consultation (MGEN) adjudicated."""
    tariffs_create()
    providers_create()
    today = timezone.localdate()
    mgpap = Mutuelle.objects.create(code="mgpap", name="MGPAP")
    mgen = Mutuelle.objects.create(code="mgen", name="MGEN")
    ministry = employer_make(cnops)
    alaoui = member_make(cnops, mutuelle=mgpap, employer=ministry)
    child = child_add(alaoui, birth_date=date(2012, 3, 15)).beneficiary
    idrissi = member_make(cnops, cin="CD445566", last_name="Idrissi", mutuelle=mgpap)
    tazi = member_make(cnops, cin="ZZ998877", last_name="Tazi", first_name="Omar", mutuelle=mgen)
    ald_exemption_grant(
        beneficiary=child,
        condition=condition_make(lifetime=True),
        starts_on=date(2020, 1, 1),
        decision_ref="DEC-2020-001",
    )
    first = today.replace(day=1)
    head = alaoui.beneficiaries.get(rank=0)
    claims = {
        "member": consultation(head, deposit=first),
        "child": consultation(child, deposit=first, code="Cs"),
        "pending": consultation(head, deposit=first, channel="mutuelle", adjudicate=False),
        "last_year": consultation(head, deposit=date(today.year - 1, 12, 15), adjudicate=False),
        "other": consultation(tazi.beneficiaries.get(rank=0), deposit=first),
    }
    return {
        "mgpap": mgpap,
        "mgen": mgen,
        "alaoui": alaoui,
        "idrissi": idrissi,
        "tazi": tazi,
        "child": child,
        "claims": claims,
        "today": today,
    }


@pytest.fixture
def agent(client, world):
    client.force_login(agent_user(world["mgpap"]))
    return client


def _rows(response):
    return list(response.context["page"].object_list)


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# ---- scoping ----------------------------------------------------------------------------------


def test_another_mutuelles_member_and_claim_are_not_found(agent, world):
    tazi, other = world["tazi"], world["claims"]["other"].reference
    url = reverse("portal:mutuelle:member", args=[tazi.registration_number])
    assert agent.get(url).status_code == 404
    assert agent.get(reverse("portal:mutuelle:claim", args=[other])).status_code == 404
    assert agent.get(reverse("portal:mutuelle:claim_pdf", args=[other])).status_code == 404
    members = _rows(agent.get(reverse("portal:mutuelle:members")))
    assert {m.pk for m in members} == {world["alaoui"].pk, world["idrissi"].pk}
    claims = _rows(agent.get(reverse("portal:mutuelle:claims")))
    assert other not in {c.reference for c in claims} and len(claims) == 4
    exported = _csv(agent.get(reverse("portal:mutuelle:claims"), {"q": other, "export": "csv"}))
    assert exported[1:] == []
    mine = world["alaoui"].registration_number
    assert agent.get(reverse("portal:mutuelle:member", args=[mine])).status_code == 200


MUTUELLE_PAGES = [
    "portal:mutuelle:home",
    "portal:mutuelle:members",
    "portal:mutuelle:claims",
]


def test_other_roles_get_not_found_and_anonymous_the_login(client, world):
    roles_sync()
    processor = get_user_model().objects.create_user("liq", password="Liquidateur-pw-2026")
    user_role_grant(user=processor, role=Role.CLAIM_PROCESSOR)
    insured = get_user_model().objects.create_user("assure", password="Assure-pw-2026")
    PortalAccess.objects.create(user=insured, role="insured", member=world["alaoui"])
    employer = get_user_model().objects.create_user("rh", password="Employeur-pw-2026")
    PortalAccess.objects.create(user=employer, role="employer", employer=world["alaoui"].employer)
    reference = world["claims"]["member"].reference
    pages = [(name, []) for name in MUTUELLE_PAGES] + [
        ("portal:mutuelle:member", [world["alaoui"].registration_number]),
        ("portal:mutuelle:claim", [reference]),
        ("portal:mutuelle:claim_pdf", [reference]),
    ]
    for name, args in pages:
        client.logout()
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
        for user in (processor, insured, employer):
            client.force_login(user)
            assert client.get(reverse(name, args=args)).status_code == 404, (name, user)


def test_staff_pages_are_forbidden_to_the_agent(agent, world):
    reference = world["claims"]["member"].reference
    assert agent.get(reverse("portal:claims:queue")).status_code == 403
    assert agent.get(reverse("portal:claims:detail", args=[reference])).status_code == 403
    assert agent.get(reverse("portal:members:list")).status_code == 403


def test_the_agent_is_sent_to_the_mutuelle_space_and_sees_its_menu(agent):
    assert agent.get(reverse("portal:home"))["Location"] == reverse("portal:mutuelle:home")
    entries = agent.get(reverse("portal:mutuelle:home")).context["nav_entries"]
    assert [e["label"] for e in entries] == [
        "Accueil",
        "Ma mutuelle",
        "Adhérents",
        "Dossiers des adhérents",
        "Tableaux de bord",
    ]


# ---- figures ----------------------------------------------------------------------------------


def test_home_figures_to_the_unit_and_the_centime(agent, world):
    response = agent.get(reverse("portal:mutuelle:home"))
    figures = response.context["figures"]
    assert (figures.members, figures.beneficiaries) == (2, 3)
    by_status = {status: n for status, _label, n in figures.claims_by_status}
    assert by_status == {
        "received": 1,
        "in_adjudication": 0,
        "waiting_documents": 0,
        "medical_review": 0,
        "adjudicated": 2,
        "paid": 0,
    }
    assert figures.claims_this_month == 3
    # C 80.00 × 80 % for the member, Cs 150.00 × 100 % (the child's lifetime ALD does not
    # apply: the line names no ALD) × 80 % = 120.00
    assert figures.statements_this_year == 2
    assert figures.reimbursed_this_year == D("184.00")
    assert format_dh(D("184.00")) in response.content.decode()


# ---- members ----------------------------------------------------------------------------------


def test_members_search_and_exports(agent, world):
    url = reverse("portal:mutuelle:members")
    alaoui, idrissi = world["alaoui"], world["idrissi"]
    assert [m.pk for m in _rows(agent.get(url, {"q": "idrissi"}))] == [idrissi.pk]
    assert [m.pk for m in _rows(agent.get(url, {"q": "CD445566"}))] == [idrissi.pk]
    assert [m.pk for m in _rows(agent.get(url, {"q": "tazi"}))] == []
    rows = _csv(agent.get(url, {"export": "csv"}))
    assert rows[0] == [
        "immatriculation",
        "cin",
        "nom",
        "prenom",
        "date_naissance",
        "statut",
        "employeur",
        "beneficiaires",
    ]
    assert [(r[0], r[2], r[6], r[7]) for r in rows[1:]] == [
        (alaoui.registration_number, "Alaoui", "Ministère de la Santé", "2"),
        (idrissi.registration_number, "Idrissi", "", "1"),
    ]
    response = agent.get(url, {"export": "xlsx", "tri": "-beneficiaires"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Immatriculation"
    assert [(v[0], v[7]) for v in values[1:]] == [
        (alaoui.registration_number, 2),
        (idrissi.registration_number, 1),
    ]


def test_the_family_file_shows_rights_ald_and_claims(agent, world):
    alaoui = world["alaoui"]
    response = agent.get(reverse("portal:mutuelle:member", args=[alaoui.registration_number]))
    rights = response.context["rights"]
    assert [b.rank for b, _period in rights] == [0, 1]
    assert all(period is not None and period.kind == "open" for _b, period in rights)
    [exemption] = response.context["exemptions"]
    assert exemption.in_force and exemption.beneficiary == world["child"]
    assert response.context["claim_count"] == 4
    html = response.content.decode()
    assert "ALD8" in html and "à vie" in html and "Droits ouverts" in html


# ---- claims -----------------------------------------------------------------------------------


def test_claims_filters_by_status_channel_and_dates(agent, world):
    url = reverse("portal:mutuelle:claims")
    claims, today = world["claims"], world["today"]
    first = today.replace(day=1)

    def refs(**params):
        return {c.reference for c in _rows(agent.get(url, params))}

    assert refs(statut="received") == {claims["pending"].reference, claims["last_year"].reference}
    assert refs(canal="mutuelle") == {claims["pending"].reference}
    assert refs(du=first.isoformat(), au=today.isoformat()) == {
        claims["member"].reference,
        claims["child"].reference,
        claims["pending"].reference,
    }
    assert refs(au=(first - timedelta(days=1)).isoformat()) == {claims["last_year"].reference}
    bad = agent.get(url, {"du": today.isoformat(), "au": first.replace(year=2000).isoformat()})
    assert "au" in bad.context["form"].errors
    assert agent.get(url, {"du": "hier"}).context["form"].errors["du"]


def test_claims_export_with_amounts(agent, world):
    claims = world["claims"]
    response = agent.get(reverse("portal:mutuelle:claims"), {"tri": "reference", "export": "csv"})
    rows = _csv(response)
    assert rows[0][-2:] == ["facture", "rembourse"]
    by_ref = {r[0]: r for r in rows[1:]}
    assert by_ref[claims["member"].reference][-3:] == ["Accepté", "80,00", "64,00"]
    assert by_ref[claims["child"].reference][-1] == "120,00"
    assert by_ref[claims["pending"].reference][4:] == ["Flux mutuelle", "Reçu", "", "", ""]
    response = agent.get(reverse("portal:mutuelle:claims"), {"tri": "-rembourse", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [v[8] for v in values[1:3]] == [120, 64]


def test_statement_page_and_pdf(agent, world):
    reference = world["claims"]["child"].reference
    response = agent.get(reverse("portal:mutuelle:claim", args=[reference]))
    assert response.status_code == 200
    [(line, _reasons)] = response.context["rows"]
    assert (line.base, line.rate, line.reimbursed) == (D("150.00"), D("80.000"), D("120.00"))
    html = response.content.decode()
    assert "Décompte de remboursement" in html and "Télécharger le décompte" in html
    pdf = agent.get(reverse("portal:mutuelle:claim_pdf", args=[reference]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_claim_not_adjudicated_yet_has_no_statement(agent, world):
    reference = world["claims"]["pending"].reference
    response = agent.get(reverse("portal:mutuelle:claim", args=[reference]))
    assert response.status_code == 200 and "pas encore liquidé" in response.content.decode()
    assert agent.get(reverse("portal:mutuelle:claim_pdf", args=[reference])).status_code == 404
