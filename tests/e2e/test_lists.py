"""Lists in the browser: a processor sorts the claims queue by a column header and downloads
the filtered list; a contributions officer reads the arrears sorted and exports them."""

import csv
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from openamo.claims.services import claim_adjudicate
from openamo.contributions import services as contributions
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import PROCESSOR_PERMS, claim_make, consultation, medicine, user_with
from tests.contributions.helpers import csv_bytes, employer_make, member_make

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Secret-pw-2026"


def login(page, base, username):
    page.goto(f"{base}/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def _rows(download) -> list[list[str]]:
    with open(download.path(), encoding="utf-8-sig") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_the_claims_queue_sorts_by_header_and_exports_the_filtered_list(
    live_server, page, screenshot, cnops, django_user_model
):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    paid = [claim_adjudicate(claim=claim_make(member, consultation())) for _ in range(2)]
    paid.append(claim_adjudicate(claim=claim_make(child, consultation(), medicine())))
    claim_make(child, medicine(), channel="electronic", deposit=date(2025, 3, 25))
    user_with(django_user_model, "k.amrani", *PROCESSOR_PERMS, first_name="Karim")

    login(page, live_server.url, "k.amrani")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Dossiers"
    ).click()
    page.get_by_role("link", name="Liquidé").click()
    page.get_by_role("link", name="Remboursé").click()
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="Remboursé ↑").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_text("3 dossiers · liquidé")).to_be_visible()
    screenshot("list-claims-queue")

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    rows = _rows(download.value)
    assert download.value.suggested_filename.startswith("dossiers-")
    reimbursed = [D(r[rows[0].index("rembourse")].replace(",", ".")) for r in rows[1:]]
    assert len(rows) == 4 and reimbursed == sorted(reimbursed, reverse=True)
    assert {r[0] for r in rows[1:]} == {c.reference for c in paid}


def test_arrears_sort_and_export(live_server, page, screenshot, cnops, django_user_model):
    for name, salary, paid in (
        ("Ministère de la Santé", 8000, 150),
        ("Office des Ports", 12000, 0),
    ):
        employer = employer_make(cnops, name=name)
        people = [member_make(cnops, employer, f"{name[:1]}K10000{i}") for i in range(3)]
        outcome = contributions.declaration_import(
            employer=employer,
            period=date(2024, 4, 1),
            name="avril.csv",
            content=csv_bytes(*(f"{m.registration_number};;{salary};26;" for m in people)),
        )
        assert outcome.ok, outcome.errors
        if paid:
            contributions.receipt_record(
                employer=employer,
                amount=D(paid),
                received_on=date(2024, 5, 2),
                channel="transfer",
                reference="VIR-1",
            )
    officer = django_user_model.objects.create_user("n.berrada", password=PASSWORD)
    officer.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_declaration", "view_receipt", "view_contributioncall"]
        )
    )

    login(page, live_server.url, "n.berrada")
    page.goto(f"{live_server.url}/cotisations/impayes/?au=2024-06-30")
    expect(page.get_by_text("2 employeurs en retard")).to_be_visible()
    page.get_by_role("link", name="Employeur").click()
    expect(page.locator("tbody tr").first).to_contain_text("Ministère de la Santé")
    screenshot("list-arrears")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    rows = _rows(download.value)
    assert [r[0] for r in rows[1:]] == ["Ministère de la Santé", "Office des Ports"]
    assert rows[1][rows[0].index("paye")] == "150,00"


def test_the_insured_pages_through_the_familys_claims(live_server, page, screenshot, cnops):
    from django.contrib.auth import get_user_model

    from openamo.portal.models import PortalAccess

    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    for _ in range(2):
        claim_adjudicate(claim=claim_make(member, consultation()))
    claim_adjudicate(claim=claim_make(child, consultation(), medicine()))
    claim_make(child, medicine(), channel="electronic", deposit=date(2025, 3, 25))
    user = get_user_model().objects.create_user("k.alaoui", password=PASSWORD)
    PortalAccess.objects.create(user=user, role="insured", member=member.member)

    login(page, live_server.url, "k.alaoui")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes dossiers"
    ).click()
    expect(page.get_by_text("4 dossiers")).to_be_visible()
    page.get_by_role("link", name="Remboursé").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    page.select_option("#beneficiaire", label=f"{child.first_name} {child.last_name}")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("th[aria-sort]")).to_contain_text("Remboursé")  # the sort is kept
    screenshot("list-insured-claims")
