"""An employer's HR officer logs in, opens the employer space, files a monthly declaration
from a CSV file and sees it created with its totals."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from openamo.contributions import services as contributions
from openamo.contributions.models import Declaration
from openamo.core.money import format_dh
from openamo.portal.models import PortalAccess
from tests.contributions.helpers import csv_bytes, employer_make, member_make
from tests.e2e.menu import nav_go

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def employer(cnops, tmp_path):
    ministry = employer_make(
        cnops, cnss_number="7654321", contact_name="Service RH", phone="0537 00 00 00"
    )
    staff = [
        member_make(cnops, ministry, "AB100001"),
        member_make(cnops, ministry, "AB100002", mutuelle=True),
        member_make(cnops, ministry, "AB100003"),
    ]
    # April is already filed and partly paid: May's page shows a late balance beside it
    april = contributions.declaration_import(
        employer=ministry,
        period=date(2024, 4, 1),
        name="avril.csv",
        content=csv_bytes(*(f"{m.registration_number};;6000;26;" for m in staff)),
    )
    assert april.ok, april.errors
    contributions.receipt_record(
        employer=ministry,
        amount=april.declaration.contribution_total / 2,
        received_on=date(2024, 5, 8),
        channel="transfer",
        reference="VIR-2024-0412",
    )
    user = get_user_model().objects.create_user(
        "rh.sante", password="Employeur-pw-2026", first_name="Leila", last_name="Chraibi"
    )
    PortalAccess.objects.create(user=user, role="employer", employer=ministry)
    m1, m2, m3 = staff
    path = tmp_path / "declaration-mai-2024.csv"
    path.write_bytes(
        csv_bytes(
            f"{m1.registration_number};;2000;26;",
            f";{m2.cin};8 000,20;26;actif",
            f"{m3.registration_number};{m3.cin};25000.00;22;",
        )
    )
    bad_path = tmp_path / "declaration-mai-2024-erreur.csv"
    bad_path.write_bytes(
        csv_bytes(f"{m1.registration_number};;2000;26;", f"{m2.registration_number};;8000;31;")
    )
    return ministry, path, bad_path


def test_employer_files_a_declaration_and_sees_it(live_server, page, screenshot, employer):
    ministry, path, bad_path = employer
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "rh.sante")
    page.fill("#id_password", "Employeur-pw-2026")
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon entreprise"
    ).click()
    expect(page.get_by_role("heading", name=ministry.name)).to_be_visible()
    expect(page.get_by_role("heading", name="Cotisations impayées")).to_be_visible()
    expect(page.get_by_role("link", name="Déclarations", exact=True)).to_have_count(0)
    screenshot("employer-home")

    page.get_by_role("link", name="Déposer une déclaration").first.click()
    page.fill("#id_period", "2024-05")
    page.set_input_files("#id_file", str(bad_path))
    page.get_by_role("button", name="Vérifier et déposer").click()
    expect(page.get_by_role("heading", name="1 erreur : rien n'a été enregistré.")).to_be_visible()
    expect(page.get_by_text("31 jours : entre 0 et 26 attendu")).to_be_visible()
    screenshot("employer-upload-errors")
    assert not Declaration.objects.filter(period=date(2024, 5, 1)).exists()

    page.fill("#id_period", "2024-05")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Vérifier et déposer").click()

    expect(page.get_by_role("heading", name="Déclaration de mai 2024")).to_be_visible()
    expect(page.get_by_text(format_dh(D("1484.02"))).first).to_be_visible()
    expect(page.get_by_text(format_dh(D("35000.20"))).first).to_be_visible()
    screenshot("employer-declaration")

    declaration = Declaration.objects.get(period=date(2024, 5, 1))
    assert declaration.employer == ministry
    assert declaration.contribution_total == D("1484.02")

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon entreprise"
    ).click()
    expect(page.locator("a[href^='/employeur/declarations/']", has_text="mai 2024")).to_be_visible()
    screenshot("employer-home-after")

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes assurés"
    ).click()
    page.fill("#q", "AB10000")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("3 assurés correspondent à la recherche")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot("employer-members")

    nav_go(page, "Appels et paiements")
    expect(page.get_by_text("VIR-2024-0412")).to_be_visible()
    screenshot("employer-calls")
