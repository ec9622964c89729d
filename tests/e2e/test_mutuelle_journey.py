"""A mutuelle agent logs in, finds a member's claim among the mutuelle's files, opens its
statement (lines, base, rate, reimbursed) and downloads the PDF; then opens the family file."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.members.models import Mutuelle
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import BRAND, GP, PHARMACY, providers_create, tariffs_create
from tests.members.helpers import child_add, member_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mutuelle(cnops):
    tariffs_create()
    providers_create()
    mgpap = Mutuelle.objects.create(
        code="mgpap", name="Mutuelle générale du personnel des administrations publiques"
    )
    mgen = Mutuelle.objects.create(code="mgen", name="MGEN")
    member = member_make(cnops, mutuelle=mgpap)
    child = child_add(member, birth_date=date(2012, 3, 15)).beneficiary
    for n in range(3):
        member_make(cnops, cin=f"CD44556{n}", last_name=f"Idrissi{n}", mutuelle=mgpap)
    other = member_make(cnops, cin="ZZ998877", last_name="Tazi", mutuelle=mgen)
    deposit = timezone.localdate().replace(day=1)
    care = deposit - timedelta(days=5)
    claim = claim_adjudicate(
        claim=claim_submit(
            beneficiary=child,
            channel="mutuelle",
            deposit_date=deposit,
            lines=[
                LineInput(kind="act", code="C", care_date=care, executor_inpe=GP),
                LineInput(
                    kind="medicine", code=BRAND, care_date=care, executor_inpe=PHARMACY, quantity=2
                ),
            ],
        )
    )
    claim_adjudicate(
        claim=claim_submit(
            beneficiary=other.beneficiaries.get(rank=0),
            channel="paper",
            deposit_date=deposit,
            lines=[LineInput(kind="act", code="C", care_date=care, executor_inpe=GP)],
        )
    )
    user = get_user_model().objects.create_user(
        "agent.mgpap", password="Mutuelle-pw-2026", first_name="Samira", last_name="Alami"
    )
    PortalAccess.objects.create(user=user, role="mutuelle_agent", mutuelle=mgpap)
    return member, claim


def test_agent_finds_a_claim_and_opens_its_statement(live_server, page, screenshot, mutuelle):
    member, claim = mutuelle
    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "agent.mgpap")
    page.fill("#id_password", "Mutuelle-pw-2026")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mutuelle générale du personnel")).to_be_visible()
    screenshot("mutuelle-home")

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Dossiers des adhérents"
    ).click()
    expect(page.locator("table.data tbody tr")).to_have_count(1)  # Tazi's is MGEN's
    page.fill("#id_q", member.registration_number)
    page.select_option("#id_canal", "mutuelle")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name=claim.reference)).to_be_visible()
    screenshot("mutuelle-claims")

    page.get_by_role("link", name=claim.reference).click()
    expect(page.get_by_role("heading", name=f"Dossier {claim.reference}")).to_be_visible()
    expect(page.get_by_text("Décompte de remboursement")).to_be_visible()
    expect(page.get_by_text("148,00 DH").first).to_be_visible()
    screenshot("mutuelle-statement")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le décompte (PDF)").click()
    assert download.value.path().read_bytes()[:4] == b"%PDF"

    page.get_by_role("link", name=f"{member.last_name} {member.first_name}").click()
    expect(
        page.get_by_role("heading", name=f"{member.last_name} {member.first_name}")
    ).to_be_visible()
    expect(page.get_by_text("Droits ouverts").first).to_be_visible()
    screenshot("mutuelle-member")

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Adhérents", exact=True
    ).click()
    page.fill("#id_q", "Idrissi")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("table.data tbody tr")).to_have_count(3)
    screenshot("mutuelle-members")
