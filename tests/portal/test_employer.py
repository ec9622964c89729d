"""The employer's space: their own employer only (another employer's declaration or call is not
found), members with search, sort and exports, declarations uploaded for their own employer
(all or nothing), calls with what is paid and what is late."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from openamo.contributions import services as contributions
from openamo.contributions.models import ContributionCall, Declaration, DeclarationLine
from openamo.core.money import format_dh
from openamo.portal.employer import payment_state
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.contributions.helpers import csv_bytes, employer_make
from tests.contributions.helpers import member_make as declared_member_make
from tests.documents.conftest import document_files  # noqa: F401 (files under tmp_path)
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db

MAY = date(2024, 5, 1)
EMPLOYER_PAGES = [
    ("portal:employer_home", []),
    ("portal:employer_members", []),
    ("portal:employer_members_csv", []),
    ("portal:employer_members_xlsx", []),
    ("portal:employer_declarations", []),
    ("portal:employer_declaration_upload", []),
    ("portal:employer_declaration_template", []),
    ("portal:employer_calls", []),
]


@pytest.fixture
def ministry(cnops):
    return employer_make(cnops, cnss_number="1234567")


@pytest.fixture
def office(cnops):
    return employer_make(cnops, name="Office Régional de Mise en Valeur")


@pytest.fixture
def staff(cnops, ministry):
    return [
        declared_member_make(cnops, ministry, "AB100001"),
        declared_member_make(cnops, ministry, "AB100002", mutuelle=True),
        declared_member_make(cnops, ministry, "AB100003"),
    ]


@pytest.fixture
def outsider(cnops, office):
    return member_make(
        cnops, cin="ZZ900001", last_name="Bennani", first_name="Omar", employer=office
    )


def employer_user(employer, username="rh"):
    user = get_user_model().objects.create_user(username, password="Employeur-pw-2026")
    PortalAccess.objects.create(user=user, role="employer", employer=employer)
    return user


@pytest.fixture
def hr(client, ministry):
    user = employer_user(ministry)
    client.force_login(user)
    return user


def good_file(staff) -> bytes:
    m1, m2, m3 = staff
    return csv_bytes(
        f"{m1.registration_number};;2000;26;",
        f";{m2.cin};8 000,20;26;actif",
        f"{m3.registration_number};{m3.cin};25000.00;22;",
    )


def _declare(employer, content, period=MAY):
    outcome = contributions.declaration_import(
        employer=employer, period=period, name="paie.csv", content=content
    )
    assert outcome.ok, outcome.errors
    return outcome.declaration


def _upload(client, content, name="paie-mai.csv", period="2024-05", **extra):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("portal:employer_declaration_upload"), {"period": period, "file": upload, **extra}
    )


# ---- scoping ----------------------------------------------------------------------------------


def test_another_employers_declaration_and_call_are_not_found(
    client, hr, cnops, ministry, office, staff, outsider
):
    mine = _declare(ministry, good_file(staff))
    theirs = _declare(office, csv_bytes(f"{outsider.registration_number};;6000;26;"))
    their_call = ContributionCall.objects.get(declaration=theirs)
    assert client.get(reverse("portal:employer_declaration", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:employer_call", args=[their_call.pk])).status_code == 404
    assert client.get(reverse("portal:employer_declaration", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portal:employer_call", args=[mine.call.pk])).status_code == 200
    listed = client.get(reverse("portal:employer_declarations")).context["page"].object_list
    assert [d.pk for d in listed] == [mine.pk]
    calls = client.get(reverse("portal:employer_calls")).context["page"].object_list
    assert [c.pk for c in calls] == [mine.call.pk]


def test_members_of_another_employer_are_not_listed_nor_exported(client, hr, staff, outsider):
    page = client.get(reverse("portal:employer_members")).context["page"]
    assert {m.pk for m in page.object_list} == {m.pk for m in staff}
    assert (
        client.get(reverse("portal:employer_members"), {"q": "Bennani"})
        .context["page"]
        .paginator.count
        == 0
    )
    exported = client.get(reverse("portal:employer_members_csv")).content.decode("utf-8-sig")
    assert outsider.registration_number not in exported
    assert outsider.cin not in exported


def test_staff_pages_are_forbidden_to_the_employer_user(client, hr):
    for name in (
        "portal:members:list",
        "portal:contributions:declarations",
        "portal:contributions:upload",
        "portal:contributions:calls",
        "portal:contributions:arrears",
        "portal:claims:queue",
    ):
        assert client.get(reverse(name)).status_code == 403, name


def test_the_employer_user_sees_only_the_employer_menu(client, hr):
    entries = client.get(reverse("portal:employer_home")).context["nav_entries"]
    assert [e["label"] for e in entries] == [
        "Accueil",
        "Mon entreprise",
        "Mes assurés",
        "Mes déclarations",
        "Appels et paiements",
        "Complémentaire santé",
        "Réclamations",
        "Tableaux de bord",
    ]


def test_staff_users_do_not_see_the_employer_menu_and_get_not_found(client, ministry):
    roles_sync()
    officer = get_user_model().objects.create_user("gestion", password="Gestion-pw-2026")
    user_role_grant(user=officer, role=Role.CONTRIBUTIONS_OFFICER)
    client.force_login(officer)
    response = client.get(reverse("portal:home"))
    labels = [e["label"] for e in response.context["nav_entries"]]
    assert "Mon entreprise" not in labels and "Déclarations" in labels
    for name, args in EMPLOYER_PAGES:
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_anonymous_is_sent_to_the_login_page(client, ministry, staff):
    declaration = _declare(ministry, good_file(staff))
    pages = [
        *EMPLOYER_PAGES,
        ("portal:employer_declaration", [declaration.pk]),
        ("portal:employer_call", [declaration.call.pk]),
    ]
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/connexion/"), name


# ---- home -------------------------------------------------------------------------------------


def test_home_shows_identity_counts_calls_and_highlighted_arrears(client, hr, ministry, staff):
    declaration = _declare(ministry, good_file(staff))
    contributions.receipt_record(
        employer=ministry,
        amount=D("1000.00"),
        received_on=date(2024, 6, 5),
        channel="transfer",
        reference="VIR-0001",
    )
    response = client.get(reverse("portal:employer_home"))
    assert response.status_code == 200
    context = response.context
    assert (context["member_count"], context["declaration_count"]) == (3, 1)
    assert context["outstanding_total"] == D("484.02")
    assert [a.call.pk for a in context["arrears"]] == [declaration.call.pk]
    html = response.content.decode()
    assert "Ministère de la Santé" in html and "1234567" in html
    assert "Cotisations impayées" in html
    assert format_dh(D("484.02")) in html
    assert format_dh(D("1484.02")) in html
    assert "En retard" in html


def test_payment_state():
    today = date(2024, 7, 1)
    due = date(2024, 6, 10)
    state = payment_state(amount_due=D("10"), paid=D("10"), due_on=due, today=today)
    assert state.key == "settled"
    assert payment_state(amount_due=D("10"), paid=D("2"), due_on=due, today=today).key == "late"
    early = date(2024, 6, 1)
    assert payment_state(amount_due=D("10"), paid=D("2"), due_on=due, today=early).key == "partial"
    assert payment_state(amount_due=D("10"), paid=D("0"), due_on=due, today=early).key == "due"
    assert payment_state(amount_due=None, paid=D("0"), due_on=None, today=today).key == "none"


# ---- declarations -----------------------------------------------------------------------------


def test_a_file_with_a_bad_line_loads_nothing_and_lists_the_line(client, hr, staff):
    m1, m2, m3 = staff
    content = csv_bytes(
        f"{m1.registration_number};;2000;26;",
        f"{m2.registration_number};;8000;31;",
        f"{m3.registration_number};;abc;26;",
    )
    response = _upload(client, content)
    assert response.status_code == 200
    assert Declaration.objects.count() == 0
    assert DeclarationLine.objects.count() == 0
    assert ContributionCall.objects.count() == 0
    errors = [(e.line, e.column) for e in response.context["outcome"].errors]
    assert errors == [(3, "jours"), (4, "salaire_brut")]
    html = response.content.decode()
    assert "2 erreurs : rien n'a été enregistré." in html
    assert "31 jours : entre 0 et 26 attendu" in html


def test_a_member_of_another_employer_is_refused(client, hr, staff, outsider):
    content = csv_bytes(
        f"{staff[0].registration_number};;2000;26;", f"{outsider.registration_number};;5000;26;"
    )
    response = _upload(client, content)
    assert Declaration.objects.count() == 0
    [error] = response.context["outcome"].errors
    assert (error.line, error.column) == (3, "immatriculation")
    assert "n'est pas employé par" in error.message


def test_a_good_upload_creates_the_declaration_for_the_users_employer(
    client, hr, ministry, office, staff
):
    # an `employer` field slipped into the form is ignored: the employer is the access row's
    response = _upload(client, good_file(staff), employer=office.pk)
    declaration = Declaration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:employer_declaration", args=[declaration.pk])
    assert (declaration.employer, declaration.period, declaration.source) == (
        ministry,
        MAY,
        "file",
    )
    assert (declaration.line_count, declaration.payroll_total, declaration.contribution_total) == (
        3,
        D("35000.20"),
        D("1484.02"),
    )
    assert declaration.file_name == "paie-mai.csv"
    assert declaration.submitted_by == hr
    call = ContributionCall.objects.get()
    assert (call.employer, call.period, call.amount_due) == (ministry, MAY, D("1484.02"))

    detail = client.get(response["Location"])
    assert detail.context["share_totals"] == [D("670.01"), D("670.01"), D("144.00")]
    assert sum(detail.context["share_totals"]) == D("1484.02")
    assert detail.context["days_total"] == 74
    html = detail.content.decode()
    assert format_dh(D("35000.20")) in html and format_dh(D("200.01")) in html


def test_an_xlsx_upload_for_the_period_chosen(client, hr, ministry, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["immatriculation", "cin", "salaire_brut", "jours", "statut"])
    sheet.append([staff[0].registration_number, "", 2000, 26, ""])
    out = io.BytesIO()
    book.save(out)
    response = _upload(client, out.getvalue(), name="avril.xlsx", period="04/2024")
    assert response.status_code == 302
    declaration = Declaration.objects.get()
    assert (declaration.employer, declaration.period) == (ministry, date(2024, 4, 1))
    assert declaration.contribution_total == D("140.00")


def test_a_period_already_declared_or_in_the_future_is_refused(client, hr, ministry, staff):
    _declare(ministry, good_file(staff))
    response = _upload(client, good_file(staff))
    assert "déjà déclarée" in str(response.context["outcome"].errors[0])
    response = _upload(client, good_file(staff), period="2999-01")
    assert response.context["form"].errors["period"]
    assert Declaration.objects.count() == 1


def test_the_declaration_template_lists_the_employers_members(client, hr, staff, outsider):
    text = client.get(reverse("portal:employer_declaration_template")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["immatriculation", "cin", "salaire_brut", "jours", "statut"]
    assert sorted(r[0] for r in rows[1:]) == sorted(m.registration_number for m in staff)


# ---- members: search, sort, exports -----------------------------------------------------------


@pytest.fixture
def team(cnops, ministry):
    return {
        "tazi": member_make(
            cnops, cin="CD200001", last_name="Tazi", first_name="Samir", employer=ministry
        ),
        "alami": member_make(
            cnops, cin="CD200002", last_name="Alami", first_name="Nadia", employer=ministry
        ),
        "tazi2": member_make(
            cnops, cin="EF300003", last_name="Tazi", first_name="Hind", employer=ministry
        ),
    }


def _listed(client, **params):
    page = client.get(reverse("portal:employer_members"), params).context["page"]
    return [m.pk for m in page.object_list]


def test_members_search_by_name_cin_or_registration_and_sort(client, hr, team, outsider):
    tazi, alami, tazi2 = team["tazi"], team["alami"], team["tazi2"]
    assert _listed(client) == [alami.pk, tazi2.pk, tazi.pk]
    assert _listed(client, tri="-nom") == [tazi.pk, tazi2.pk, alami.pk]
    by_regno = sorted(team.values(), key=lambda m: m.registration_number)
    assert _listed(client, tri="immatriculation") == [m.pk for m in by_regno]
    assert _listed(client, tri="-immatriculation") == [m.pk for m in reversed(by_regno)]
    assert _listed(client, q="tazi") == [tazi2.pk, tazi.pk]
    assert _listed(client, q="tazi samir") == [tazi.pk]
    assert _listed(client, q="cd2000") == [alami.pk, tazi.pk]
    assert _listed(client, q=alami.registration_number) == [alami.pk]
    assert _listed(client, q="ZZ900001") == []


def test_exports_contain_exactly_the_filtered_rows(client, hr, team, outsider):
    params = {"q": "tazi", "tri": "-nom"}
    expected = [team["tazi"], team["tazi2"]]
    page = client.get(reverse("portal:employer_members"), params).content.decode()
    assert "?q=tazi&amp;tri=-nom&amp;export=csv" in page
    assert "?q=tazi&amp;tri=-nom&amp;export=xlsx" in page

    response = client.get(reverse("portal:employer_members"), {**params, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["immatriculation", "cin", "nom", "prenom"]
    assert [r[:4] for r in rows[1:]] == [
        [m.registration_number, m.cin, m.last_name, m.first_name] for m in expected
    ]
    assert rows[1][4] == expected[0].birth_date.isoformat() and rows[1][5] == "Actif"

    response = client.get(reverse("portal:employer_members"), {**params, "export": "xlsx"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:4] == ["Immatriculation", "CIN", "Nom", "Prénom"]
    assert [v[:4] for v in values[1:]] == [
        [m.registration_number, m.cin, m.last_name, m.first_name] for m in expected
    ]
    assert values[1][4].date() == expected[0].birth_date


def test_an_export_never_holds_another_employers_member(client, hr, team, outsider):
    response = client.get(reverse("portal:employer_members"), {"export": "csv", "page": "2"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    regnos = [r[0] for r in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]]
    assert sorted(regnos) == sorted(m.registration_number for m in team.values())
    assert outsider.registration_number not in text


def test_the_former_export_addresses_lead_to_the_list_exports(client, hr, team):
    for name, fmt in (
        ("portal:employer_members_csv", "csv"),
        ("portal:employer_members_xlsx", "xlsx"),
    ):
        response = client.get(reverse(name), {"q": "tazi"})
        assert response.status_code == 302
        assert response.url == f"{reverse('portal:employer_members')}?q=tazi&export={fmt}"


def test_declarations_and_calls_export_amounts_and_states(client, hr, ministry, staff):
    _declare(ministry, good_file(staff))
    response = client.get(reverse("portal:employer_declarations"), {"export": "csv"})
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == [
        "mois",
        "origine",
        "lignes",
        "masse_salariale",
        "cotisations",
        "paye",
        "echeance",
        "statut",
        "deposee_le",
    ]
    declaration = Declaration.objects.get()
    assert rows[1][0] == "2024-05-01" and rows[1][2] == "3"
    assert rows[1][4] == f"{declaration.contribution_total:.2f}".replace(".", ",")
    assert rows[1][5] == "0,00" and rows[1][7] == "En retard"
    book = load_workbook(
        io.BytesIO(client.get(reverse("portal:employer_calls"), {"export": "xlsx"}).content)
    )
    sheet = book["Appels"]
    assert [c.value for c in sheet[1]][3:] == ["Appelé", "Payé (imputé)", "Reste dû", "État"]
    row = [c for c in sheet[2]]
    assert (
        D(str(row[3].value)) == declaration.contribution_total
        and row[3].number_format == "#,##0.00"
    )
    assert row[6].value == "En retard"


def test_members_list_is_paginated(client, hr, cnops, ministry):
    for i in range(30):
        member_make(cnops, cin=f"GH4{i:05d}", last_name=f"Nom{i:02d}", employer=ministry)
    first = client.get(reverse("portal:employer_members")).context["page"]
    second = client.get(reverse("portal:employer_members"), {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list)) == (25, 5)
    assert first.paginator.count == 30


# ---- calls ------------------------------------------------------------------------------------


def test_calls_show_what_is_matched_and_outstanding(client, hr, ministry, staff):
    declaration = _declare(ministry, good_file(staff))
    contributions.receipt_record(
        employer=ministry,
        amount=D("1000.00"),
        received_on=date(2024, 6, 5),
        channel="transfer",
        reference="VIR-0001",
    )
    [call] = client.get(reverse("portal:employer_calls")).context["page"].object_list
    assert (call.amount_due, call.paid, call.outstanding) == (
        D("1484.02"),
        D("1000.00"),
        D("484.02"),
    )
    assert call.state.key == "late"
    response = client.get(reverse("portal:employer_call", args=[declaration.call.pk]))
    html = response.content.decode()
    assert "VIR-0001" in html and format_dh(D("484.02")) in html


# ---- the declared file, kept ------------------------------------------------------------------


def test_the_declared_file_is_kept_and_read_by_its_employer_only(client, hr, staff, office):
    from openamo.documents.models import Document

    content = good_file(staff)
    response = _upload(client, content, name="paie mai 2024.csv")
    assert response.status_code == 302
    original = Document.objects.get()
    assert (original.name, original.kind, original.size) == (
        "paie_mai_2024.csv",
        "csv",
        len(content),
    )
    page = client.get(response["Location"]).content.decode()
    url = reverse("portal:documents:download", args=[original.pk])
    assert url in page
    assert b"".join(client.get(url).streaming_content) == content
    client.force_login(employer_user(office, username="rh2"))
    assert client.get(url).status_code == 404
