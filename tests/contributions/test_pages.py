"""The staff pages: declarations, upload with every bad line shown, manual entry, calls and
receipts, arrears; and the import command."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from openamo.contributions.models import ContributionCall, Declaration, Receipt

from .helpers import csv_bytes, employer_make, member_make

PERMISSIONS = (
    "view_declaration",
    "add_declaration",
    "view_receipt",
    "add_receipt",
    "view_contributioncall",
)


@pytest.fixture
def agent(client, db):
    user = get_user_model().objects.create_user("agent", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=PERMISSIONS))
    user.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(user)
    return client


@pytest.fixture
def ministry(cnops):
    return employer_make(cnops, administration_code="MS01")


@pytest.fixture
def staff(cnops, ministry):
    return [member_make(cnops, ministry, "AB100001"), member_make(cnops, ministry, "AB100002")]


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_pages_need_a_login_and_the_permission(client, db):
    assert client.get("/cotisations/").status_code == 302
    user = get_user_model().objects.create_user("visitor", password="x")
    client.force_login(user)
    for url in (
        "/cotisations/",
        "/cotisations/declarations/import/",
        "/cotisations/appels/",
        "/cotisations/encaissements/",
        "/cotisations/impayes/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.get(url, {"export": "csv"}).status_code == 403, url


def test_upload_shows_every_bad_line_and_loads_nothing(agent, ministry, staff):
    content = csv_bytes(
        f"{staff[0].registration_number};;2000;26;",
        "999999999;;3000;26;",
        f"{staff[1].registration_number};;-5;40;",
    )
    response = agent.post(
        "/cotisations/declarations/import/",
        {
            "employer": ministry.pk,
            "period": "2024-05",
            "file": SimpleUploadedFile("mai.csv", content),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 erreur(s) : rien n&#x27;a été enregistré." in html
    assert "assuré inconnu (999999999)" in html
    assert "montant négatif (-5)" in html and "40 jours : entre 0 et 26 attendu" in html
    assert Declaration.objects.count() == 0


def test_upload_then_list_and_detail(agent, ministry, staff):
    content = csv_bytes(
        f"{staff[0].registration_number};;2000;26;", f"{staff[1].registration_number};;25000;26;"
    )
    response = agent.post(
        "/cotisations/declarations/import/",
        {
            "employer": ministry.pk,
            "period": "05/2024",
            "file": SimpleUploadedFile("m.csv", content),
        },
    )
    declaration = Declaration.objects.get()
    assert (
        response.status_code == 302
        and response.url == f"/cotisations/declarations/{declaration.pk}/"
    )
    html = agent.get(response.url).content.decode()
    for text in ("AB100001", "plancher", "plafond", "Part salariale", "10/06/2024"):
        assert text in html, text
    listing = agent.get("/cotisations/", {"employeur": ministry.pk, "periode": "2024-05"})
    assert "Ministère de la Santé" in listing.content.decode()
    assert (
        "Aucune déclaration" in agent.get("/cotisations/", {"periode": "2023-01"}).content.decode()
    )


def test_a_future_period_is_refused_by_the_form(agent, ministry, staff):
    response = agent.post(
        "/cotisations/declarations/import/",
        {"employer": ministry.pk, "period": "2999-01", "file": SimpleUploadedFile("m.csv", b"x")},
    )
    assert "une période future" in response.content.decode()


def _entry(agent, ministry, lines, period="2024-05"):
    data = {
        "employer": ministry.pk,
        "period": period,
        "lignes-TOTAL_FORMS": str(len(lines)),
        "lignes-INITIAL_FORMS": "0",
    }
    for i, line in enumerate(lines):
        data.update({f"lignes-{i}-{k}": v for k, v in line.items()})
    return agent.post("/cotisations/declarations/saisie/", data)


def test_manual_entry(agent, ministry, staff):
    assert agent.get("/cotisations/declarations/saisie/", {"lignes": "3"}).status_code == 200
    bad = _entry(agent, ministry, [{"cin": "AB100001", "salaire_brut": "abc", "jours": "26"}, {}])
    assert "« abc » n&#x27;est pas un montant" in bad.content.decode()
    good = _entry(
        agent,
        ministry,
        [{}, {"cin": "AB100001", "salaire_brut": "8000", "jours": "26", "statut": "actif"}],
    )
    assert good.status_code == 302
    declaration = Declaration.objects.get()
    assert declaration.contribution_total == D("400.00")
    assert declaration.lines.get().line_number == 2


def test_calls_receipts_and_arrears_pages(agent, ministry, staff, tmp_path):
    content = csv_bytes(f"{staff[0].registration_number};;8000;26;")
    call_command("import_declarations", "MS01", "2024-04", _write(tmp_path, content))
    assert ContributionCall.objects.get().amount_due == D("400.00")
    response = agent.post(
        "/cotisations/appels/",
        {
            "employer": ministry.pk,
            "amount": "150",
            "received_on": "2024-05-02",
            "channel": "transfer",
            "reference": "VIR-77",
        },
    )
    assert response.status_code == 302
    html = agent.get(response.url).content.decode()
    assert "VIR-77" in html and "paiement partiel" in html
    again = agent.post(
        "/cotisations/appels/",
        {
            "employer": ministry.pk,
            "amount": "150",
            "received_on": "2024-05-02",
            "channel": "transfer",
            "reference": "VIR-77",
        },
    )
    assert "déjà enregistré" in again.content.decode()
    assert Receipt.objects.count() == 1
    html = agent.get("/cotisations/impayes/", {"au": "2024-06-09"}).content.decode()
    assert "Ministère de la Santé" in html and "250,00 DH" in html and ">30<" in html
    assert (
        "Aucun impayé" in agent.get("/cotisations/impayes/", {"au": "2024-05-10"}).content.decode()
    )

    # every list exports what it shows, filters and order included, amounts to the centime
    arrears = _csv_rows(agent.get("/cotisations/impayes/", {"au": "2024-06-09", "export": "csv"}))
    assert arrears == [
        ["employeur", "periode", "exigible_le", "appele", "paye", "reste_du", "jours_retard"],
        ["Ministère de la Santé", "2024-04-01", "2024-05-10", "400,00", "150,00", "250,00", "30"],
    ]
    calls = _csv_rows(
        agent.get("/cotisations/appels/", {"employeur": ministry.pk, "export": "csv"})
    )
    assert calls[1][3:] == ["400,00", "150,00", "250,00", "Paiement partiel"]
    receipts = agent.get("/cotisations/encaissements/", {"employeur": ministry.pk})
    assert "VIR-77" in receipts.content.decode() and receipts.context["page"].paginator.count == 1
    book = load_workbook(
        io.BytesIO(agent.get("/cotisations/encaissements/", {"export": "xlsx"}).content)
    )
    row = [c.value for c in book["Encaissements"][2]]
    assert row[0].date() == date(2024, 5, 2) and row[3] == "VIR-77" and row[6] == "2024-04 : 150,00"
    assert (D(str(row[4])), D(str(row[5])), D(str(row[7]))) == (D("150"), D("150"), D("0"))
    declarations = _csv_rows(agent.get("/cotisations/", {"periode": "2024-04", "export": "csv"}))
    assert [r[0] for r in declarations[1:]] == ["2024-04-01"] and declarations[1][6] == "400,00"
    assert len(_csv_rows(agent.get("/cotisations/", {"periode": "2024-03", "export": "csv"}))) == 1


def test_import_command_names_bad_lines(ministry, staff, capsys, tmp_path):
    path = _write(tmp_path, csv_bytes("999999999;;2000;26;"))
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("import_declarations", "MS01", "2024-04", path)
    assert "ligne 2, colonne « immatriculation » : assuré inconnu" in capsys.readouterr().err
    with pytest.raises(CommandError, match="employeur introuvable"):
        call_command("import_declarations", "nobody", "2024-04", path)
    assert Declaration.objects.count() == 0


def _write(tmp_path, content: bytes) -> str:
    path = tmp_path / "declaration.csv"
    path.write_bytes(content)
    return str(path)


def test_admin_lists_every_model(admin_client, ministry, staff, tmp_path):
    call_command(
        "import_declarations", "MS01", "2024-04", _write(tmp_path, csv_bytes(";AB100001;5000;26;"))
    )
    response = admin_client.post(
        "/admin/contributions/receipt/add/",
        {
            "employer": ministry.pk,
            "amount": "50",
            "received_on": "2024-05-02",
            "channel": "cheque",
            "reference": "CHQ-1",
            "note": "",
            "allocations-TOTAL_FORMS": "0",
            "allocations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Receipt.objects.get().allocations.get().amount == D("50.00")
    for model in (
        "declaration",
        "declarationline",
        "contributionshare",
        "payroll",
        "contributioncall",
        "receipt",
        "receiptallocation",
    ):
        url = f"/admin/contributions/{model}/"
        assert admin_client.get(url, {"q": "AB"}).status_code == 200, url
    declaration = Declaration.objects.get()
    assert (
        admin_client.get(f"/admin/contributions/declaration/{declaration.pk}/change/").status_code
        == 200
    )
