"""The broker's (intermédiaire's) space: only the employers under a mandate in force today
(another broker's client, or a mandate ended yesterday, is not found), the portfolio's figures
to the unit and the centime, its lists with filters, sorting and exports."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openamo.contributions import services as contributions
from openamo.core.money import format_dh
from openamo.members.models import Broker, BrokerMandate
from openamo.portal.employer import payment_state
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from openamo.portal.selectors_broker import previous_period
from tests.contributions.helpers import csv_bytes, employer_make
from tests.contributions.helpers import member_make as declared_member_make
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db

MAY, JUNE = date(2024, 5, 1), date(2024, 6, 1)
TODAY = timezone.localdate


def broker_make(name="Atlas Courtage", acaps="ACAPS-2019-0042", **kw):
    return Broker.objects.create(name=name, acaps_number=acaps, **kw)


def broker_user(broker, username="courtier"):
    user = get_user_model().objects.create_user(username, password="Courtier-pw-2026")
    PortalAccess.objects.create(user=user, role="broker", broker=broker)
    return user


def declare(employer, members, period=MAY, salary="6000"):
    outcome = contributions.declaration_import(
        employer=employer,
        period=period,
        name="paie.csv",
        content=csv_bytes(*(f"{m.registration_number};;{salary};26;" for m in members)),
    )
    assert outcome.ok, outcome.errors
    return outcome.declaration


@pytest.fixture
def world(cnops):
    """Atlas holds the ministry (since 2024) and held the office until yesterday; Sigma
    holds the bank. The ministry has 3 insured, the office 1, the bank 1."""
    atlas, sigma = broker_make(), broker_make("Sigma Assurances", "ACAPS-2020-0007")
    ministry = employer_make(cnops, cnss_number="1234567", ice="001525478000056")
    office = employer_make(cnops, name="Office Régional de Mise en Valeur")
    bank = employer_make(cnops, name="Banque Populaire Régionale")
    BrokerMandate.objects.create(broker=atlas, employer=ministry, valid_from=date(2024, 1, 1))
    BrokerMandate.objects.create(
        broker=atlas,
        employer=office,
        valid_from=date(2023, 1, 1),
        valid_to=TODAY() - timedelta(days=1),
    )
    BrokerMandate.objects.create(broker=sigma, employer=bank, valid_from=date(2024, 1, 1))
    staff = [
        declared_member_make(cnops, ministry, "AB100001"),
        declared_member_make(cnops, ministry, "AB100002", mutuelle=True),
        declared_member_make(cnops, ministry, "AB100003"),
    ]
    return {
        "atlas": atlas,
        "sigma": sigma,
        "ministry": ministry,
        "office": office,
        "bank": bank,
        "staff": staff,
        "office_member": member_make(
            cnops, cin="ZZ900001", last_name="Bennani", first_name="Omar", employer=office
        ),
        "bank_member": member_make(
            cnops, cin="ZZ900002", last_name="Chraibi", first_name="Leila", employer=bank
        ),
    }


@pytest.fixture
def atlas_client(client, world):
    client.force_login(broker_user(world["atlas"]))
    return client


def _rows(response):
    return list(response.context["page"].object_list)


# ---- scoping ----------------------------------------------------------------------------------


def test_another_brokers_client_is_not_found(atlas_client, world):
    bank = world["bank"]
    assert atlas_client.get(reverse("portal:broker:client", args=[bank.pk])).status_code == 404
    ministry = world["ministry"]
    assert atlas_client.get(reverse("portal:broker:client", args=[ministry.pk])).status_code == 200
    listed = _rows(atlas_client.get(reverse("portal:broker:clients")))
    assert [e.pk for e in listed] == [ministry.pk]
    # asking for the bank's members is a form error, and nothing of the bank shows
    response = atlas_client.get(reverse("portal:broker:members"), {"employeur": bank.pk})
    assert response.context["form"].errors["employeur"]
    assert world["bank_member"].pk not in {m.pk for m in _rows(response)}
    exported = atlas_client.get(reverse("portal:broker:members"), {"export": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert "ZZ900002" not in text and "Chraibi" not in text


def test_a_mandate_ended_yesterday_hides_the_employer(atlas_client, world):
    office = world["office"]
    declare(office, [world["office_member"]])
    assert atlas_client.get(reverse("portal:broker:client", args=[office.pk])).status_code == 404
    members = _rows(atlas_client.get(reverse("portal:broker:members"), {"q": "Bennani"}))
    assert members == []
    declarations = _rows(atlas_client.get(reverse("portal:broker:declarations")))
    assert office.pk not in {d.employer_id for d in declarations}
    # a new mandate from today brings it back; the ended one stays as history
    BrokerMandate.objects.create(broker=world["atlas"], employer=office, valid_from=TODAY())
    assert atlas_client.get(reverse("portal:broker:client", args=[office.pk])).status_code == 200
    assert BrokerMandate.objects.filter(employer=office).count() == 2


def test_a_mandate_starting_tomorrow_does_not_show_yet(atlas_client, world):
    bank = world["bank"]
    BrokerMandate.objects.create(
        broker=world["atlas"], employer=bank, valid_from=TODAY() + timedelta(days=1)
    )
    assert atlas_client.get(reverse("portal:broker:client", args=[bank.pk])).status_code == 404


BROKER_PAGES = [
    "portal:broker:home",
    "portal:broker:clients",
    "portal:broker:members",
    "portal:broker:declarations",
]


def test_other_roles_get_not_found_and_anonymous_the_login(client, world, cnops):
    roles_sync()
    officer = get_user_model().objects.create_user("gestion", password="Gestion-pw-2026")
    user_role_grant(user=officer, role=Role.CONTRIBUTIONS_OFFICER)
    employer = get_user_model().objects.create_user("rh", password="Employeur-pw-2026")
    PortalAccess.objects.create(user=employer, role="employer", employer=world["ministry"])
    insured = get_user_model().objects.create_user("assure", password="Assure-pw-2026")
    PortalAccess.objects.create(user=insured, role="insured", member=world["staff"][0])
    ministry = world["ministry"].pk
    pages = [(name, []) for name in BROKER_PAGES] + [("portal:broker:client", [ministry])]
    for name, args in pages:
        client.logout()
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
        for user in (officer, employer, insured):
            client.force_login(user)
            assert client.get(reverse(name, args=args)).status_code == 404, (name, user)


def test_staff_pages_are_forbidden_to_the_broker(atlas_client):
    for name in ("portal:members:list", "portal:contributions:declarations", "portal:claims:queue"):
        assert atlas_client.get(reverse(name)).status_code == 403, name


def test_the_broker_is_sent_to_the_portfolio_and_sees_its_menu(atlas_client):
    response = atlas_client.get(reverse("portal:home"))
    assert response["Location"] == reverse("portal:broker:home")
    entries = atlas_client.get(reverse("portal:broker:home")).context["nav_entries"]
    assert [e["label"] for e in entries] == [
        "Accueil",
        "Mon portefeuille",
        "Mes clients",
        "Assurés",
        "Déclarations",
        "Complémentaire",
        "Réclamations",
        "Tableaux de bord",
    ]


# ---- figures ----------------------------------------------------------------------------------


def test_home_figures_to_the_unit_and_the_centime(atlas_client, world):
    ministry, staff = world["ministry"], world["staff"]
    may = declare(ministry, staff)  # 3 × 6,000 DH: 3 × (150 + 150) + 108 (mutuelle)
    assert may.contribution_total == D("1008.00")
    declare(ministry, staff[:1], period=JUNE)  # 300.00 DH
    contributions.receipt_record(
        employer=ministry,
        amount=D("1000.00"),
        received_on=date(2024, 6, 5),
        channel="transfer",
        reference="VIR-0001",
    )
    declare(world["bank"], [world["bank_member"]])  # Sigma's: not counted
    context = atlas_client.get(reverse("portal:broker:home")).context
    assert (context["employer_count"], context["member_count"]) == (1, 3)
    assert context["arrears_total"] == D("308.00")  # 8.00 left on May + 300.00 June
    assert context["arrears_calls"] == 2
    assert context["period"] == previous_period(TODAY())
    assert [e.pk for e in context["missing"]] == [ministry.pk]
    assert [(e.pk, e.arrears) for e in context["debtors"]] == [(ministry.pk, D("308.00"))]
    html = atlas_client.get(reverse("portal:broker:home")).content.decode()
    assert format_dh(D("308.00")) in html and "Atlas Courtage" in html


def test_a_declaration_of_the_last_month_is_no_longer_missing(atlas_client, world):
    period = previous_period(TODAY())
    declare(world["ministry"], world["staff"], period=period)
    context = atlas_client.get(reverse("portal:broker:home")).context
    assert context["missing"] == []


def test_previous_period():
    assert previous_period(date(2026, 1, 15)) == date(2025, 12, 1)
    assert previous_period(date(2026, 11, 1)) == date(2026, 10, 1)


def test_client_page_shows_declarations_states_and_arrears(atlas_client, world):
    ministry, staff = world["ministry"], world["staff"]
    may = declare(ministry, staff)
    june = declare(ministry, staff[:1], period=JUNE)
    july = declare(ministry, staff[:1], period=date(2024, 7, 1))
    contributions.receipt_record(
        employer=ministry,
        amount=D("1108.00"),  # May in full, 100.00 on June
        received_on=date(2024, 6, 5),
        channel="transfer",
        reference="VIR-0002",
    )
    response = atlas_client.get(reverse("portal:broker:client", args=[ministry.pk]))
    rows = {d.pk: d for d in _rows(response)}
    assert [d.pk for d in _rows(response)] == [july.pk, june.pk, may.pk]
    assert (rows[may.pk].state_key, rows[may.pk].outstanding) == ("settled", D("0.00"))
    assert (rows[june.pk].state_key, rows[june.pk].paid) == ("late", D("100.00"))
    assert rows[june.pk].outstanding == D("200.00")
    arrears = response.context["arrears"]
    assert [(a.call.period, a.outstanding) for a in arrears] == [
        (JUNE, D("200.00")),
        (date(2024, 7, 1), D("300.00")),
    ]
    assert response.context["arrears_total"] == D("500.00")
    for d in rows.values():  # the SQL state agrees with the employer space's
        state = payment_state(amount_due=d.amount_due, paid=d.paid, due_on=d.due_on, today=TODAY())
        assert d.state_key == state.key
    html = response.content.decode()
    assert "Impayés" in html and format_dh(D("500.00")) in html and "001525478000056" in html


# ---- lists, filters, exports ------------------------------------------------------------------


def test_members_search_filter_and_sort(atlas_client, world, cnops):
    second = employer_make(cnops, name="Agence Urbaine")
    BrokerMandate.objects.create(broker=world["atlas"], employer=second, valid_from=MAY)
    other = member_make(
        cnops, cin="CD200001", last_name="Tazi", first_name="Samir", employer=second
    )
    url = reverse("portal:broker:members")
    staff = world["staff"]
    assert len(_rows(atlas_client.get(url))) == 4
    assert [m.pk for m in _rows(atlas_client.get(url, {"q": "tazi"}))] == [other.pk]
    assert [m.pk for m in _rows(atlas_client.get(url, {"q": "AB100002"}))] == [staff[1].pk]
    found = _rows(atlas_client.get(url, {"q": staff[2].registration_number}))
    assert [m.pk for m in found] == [staff[2].pk]
    by_employer = _rows(atlas_client.get(url, {"employeur": second.pk}))
    assert [m.pk for m in by_employer] == [other.pk]
    by_name_desc = _rows(atlas_client.get(url, {"tri": "-nom"}))
    assert by_name_desc[0].pk == other.pk


def test_members_exports_csv_and_xlsx(atlas_client, world):
    url = reverse("portal:broker:members")
    staff = sorted(world["staff"], key=lambda m: m.registration_number)
    params = {"tri": "immatriculation"}
    response = atlas_client.get(url, {**params, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "assures-portefeuille" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "immatriculation",
        "cin",
        "nom",
        "prenom",
        "employeur",
        "date_naissance",
        "statut",
        "mutuelle",
    ]
    assert [r[:2] + r[4:6] for r in rows[1:]] == [
        [m.registration_number, m.cin, "Ministère de la Santé", "1980-05-10"] for m in staff
    ]
    assert rows[2][7] == "MGPAP"

    response = atlas_client.get(url, {**params, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][:3] == ["Immatriculation", "CIN", "Nom"]
    assert [v[0] for v in values[1:]] == [m.registration_number for m in staff]
    assert values[1][5].date() == date(1980, 5, 10)


def test_declarations_filter_by_period_and_employer_and_export(atlas_client, world, cnops):
    ministry, staff = world["ministry"], world["staff"]
    second = employer_make(cnops, name="Agence Urbaine")
    BrokerMandate.objects.create(broker=world["atlas"], employer=second, valid_from=MAY)
    tazi = member_make(cnops, cin="CD200001", last_name="Tazi", employer=second)
    may = declare(ministry, staff)
    june = declare(ministry, staff[:1], period=JUNE)
    agency_may = declare(second, [tazi], salary="10000")
    url = reverse("portal:broker:declarations")
    assert {d.pk for d in _rows(atlas_client.get(url))} == {may.pk, june.pk, agency_may.pk}
    assert {d.pk for d in _rows(atlas_client.get(url, {"periode": "2024-05"}))} == {
        may.pk,
        agency_may.pk,
    }
    only = _rows(atlas_client.get(url, {"periode": "2024-05", "employeur": second.pk}))
    assert [d.pk for d in only] == [agency_may.pk]
    bad = atlas_client.get(url, {"periode": "mai"})
    assert bad.status_code == 200 and bad.context["form"].errors["periode"]

    response = atlas_client.get(url, {"periode": "2024-05", "tri": "employeur", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["employeur", "periode", "lignes", "masse_salariale", "appele"]
    assert [(r[0], r[1], r[3], r[4], r[8]) for r in rows[1:]] == [
        ("Agence Urbaine", "2024-05-01", "10000,00", "500,00", "En retard"),
        ("Ministère de la Santé", "2024-05-01", "18000,00", "1008,00", "En retard"),
    ]


def test_clients_list_sorts_by_arrears_and_exports(atlas_client, world, cnops):
    second = employer_make(cnops, name="Agence Urbaine")
    BrokerMandate.objects.create(broker=world["atlas"], employer=second, valid_from=MAY)
    declare(world["ministry"], world["staff"])
    url = reverse("portal:broker:clients")
    rows = _rows(atlas_client.get(url, {"tri": "-impayes"}))
    assert [(e.name, e.arrears, e.member_count) for e in rows] == [
        ("Ministère de la Santé", D("1008.00"), 3),
        ("Agence Urbaine", D("0.00"), 0),
    ]
    response = atlas_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [v[0] for v in values[1:]] == ["Agence Urbaine", "Ministère de la Santé"]
    assert values[2][6] == 1008 and values[2][4] == 3


# ---- model and access rules -------------------------------------------------------------------


def test_a_new_broker_closes_the_previous_mandate_the_day_before(world):
    ministry = world["ministry"]
    BrokerMandate.objects.create(broker=world["sigma"], employer=ministry, valid_from=JUNE)
    first, second = BrokerMandate.objects.filter(employer=ministry).order_by("valid_from")
    assert (first.broker, first.valid_to) == (world["atlas"], date(2024, 5, 31))
    assert (second.broker, second.valid_to) == (world["sigma"], None)
    dated = BrokerMandate(
        broker=world["atlas"], employer=ministry, valid_from=MAY, valid_to=date(2024, 7, 31)
    )
    with pytest.raises(ValidationError) as error:
        dated.full_clean()
    assert "valid_from" in error.value.message_dict


def test_portal_access_of_a_broker_needs_the_broker_and_nothing_else(world):
    user = get_user_model().objects.create_user("x", password="X-pw-2026-long")
    with pytest.raises(ValidationError) as error:
        PortalAccess(user=user, role="broker").full_clean()
    assert "broker" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        PortalAccess(
            user=user, role="employer", employer=world["ministry"], broker=world["atlas"]
        ).full_clean()
    assert "broker" in error.value.message_dict
    PortalAccess(user=user, role="broker", broker=world["atlas"]).full_clean()


def test_admin_lists_brokers_and_mandates(client, world):
    admin = get_user_model().objects.create_superuser("admin", password="Admin-pw-2026")
    client.force_login(admin)
    page = client.get(reverse("admin:members_broker_changelist"), {"q": "ACAPS-2019"})
    assert page.status_code == 200 and "Atlas Courtage" in page.content.decode()
    assert "Sigma" not in page.content.decode()
    page = client.get(reverse("admin:members_brokermandate_changelist"), {"en_vigueur": "oui"})
    listed = page.context["cl"].queryset
    assert {m.employer.name for m in listed} == {
        "Ministère de la Santé",
        "Banque Populaire Régionale",
    }
    page = client.get(reverse("admin:members_broker_change", args=[world["atlas"].pk]))
    assert page.status_code == 200


def test_members_officers_manage_brokers_and_mandates(client, world):
    roles_sync()
    officer = get_user_model().objects.create_user("affiliations", password="Affil-pw-2026")
    user_role_grant(user=officer, role=Role.MEMBERS_OFFICER)
    client.force_login(officer)
    assert client.get(reverse("admin:members_brokermandate_add")).status_code == 200
    assert client.get(reverse("admin:members_broker_changelist")).status_code == 200


def test_the_demo_broker_holds_mandates_and_the_agent_a_mutuelle(world, cnops):
    from openamo.synth.portfolio import broker_account, mutuelle_account

    Mutuelle = PortalAccess._meta.get_field("mutuelle").related_model
    Mutuelle.objects.create(code="mgen", name="MGEN")
    roles_sync()
    for n in range(5):  # without a broker yet: the demo takes them, the fifth one ended
        employer_make(cnops, name=f"Administration {n}")
    [(label, login, password)] = broker_account()
    assert login == "courtier" and password.startswith("Demo-")
    broker = Broker.objects.get(acaps_number="ACAPS-IC-2019-0142")
    in_force = BrokerMandate.objects.in_force_on(TODAY()).filter(broker=broker)
    assert sorted(m.employer.name for m in in_force) == [f"Administration {n}" for n in range(4)]
    broker_account()  # a second run keeps the mandates
    assert broker.mandates.count() == 5
    access = PortalAccess.objects.get(user__username="courtier")
    assert (access.role, access.broker) == ("broker", broker)
    [(label, login, _password)] = mutuelle_account()
    assert PortalAccess.objects.get(user__username="mutuelle").mutuelle.code == "mgpap"
