"""The complementary statement's pages: staff page and PDF, the insured's claims with both
shares and the ceilings left this year, scoped to the family."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from openamo.claims.selectors import statement_get
from openamo.complementary.services import complementary_statement_compute
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.clock import FIXED_DAY
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops, django_user_model):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    other = member_make(cnops, cin="ZZ998877", last_name="Tazi").beneficiaries.get(rank=0)
    contract = mutuelle_cover(basis="percent_charged", rate=D("100"), family_year_ceiling=D("100"))
    enrol(contract, member, child, other)
    day = FIXED_DAY.replace(month=3, day=10)
    mine = consultation_claim(member, day=day, charged=D("150"))
    theirs = consultation_claim(other, day=day, charged=D("150"))
    later = consultation_claim(child, day=day.replace(month=6), charged=D("150"))
    for claim in (mine, theirs, later):
        complementary_statement_compute(statement=statement_get(claim=claim))
    insured = django_user_model.objects.create_user("assure", password="Assure-pw-2026")
    PortalAccess.objects.create(user=insured, role="insured", member=member.member)
    staff = django_user_model.objects.create_user("agent", password="Agent-pw-2026")
    staff.user_permissions.add(Permission.objects.get(codename="view_complementarystatement"))
    return {"mine": mine, "theirs": theirs, "later": later, "insured": insured, "staff": staff}


def test_staff_page_and_pdf_explain_the_family_ceiling(client, world):
    client.force_login(world["staff"])
    ref = world["later"].reference
    html = client.get(reverse("portal:complementary:statement", args=[ref])).content.decode()
    assert "Plafond annuel par famille atteint" in html
    assert "14,00" in html and "72,00" in html  # paid, and left to the insured
    pdf = client.get(reverse("portal:complementary:statement_pdf", args=[ref]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_insured_sees_both_shares_and_the_ceiling_left_this_year(client, world, frozen_day):
    client.force_login(world["insured"])
    html = client.get(reverse("portal:complementary:insured_claims")).content.decode()
    for label in ("Remboursé AMO", "Remboursé complémentaire", "Reste à charge"):
        assert label in html
    assert world["mine"].reference in html and world["theirs"].reference not in html
    assert "86,00" in html and "14,00" in html
    assert f"Plafonds restants en {FIXED_DAY.year}" in html
    assert "toute la famille" in html  # 100 used of the family's 100: 0,00 left
    foreign = reverse("portal:complementary:insured_statement", args=[world["theirs"].reference])
    assert client.get(foreign).status_code == 404
    own = reverse("portal:complementary:insured_statement_pdf", args=[world["later"].reference])
    assert client.get(own).content.startswith(b"%PDF")


def test_without_the_permission_staff_is_refused(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("x", password="Xx-pw-2026-long"))
    ref = world["mine"].reference
    assert client.get(reverse("portal:complementary:statement", args=[ref])).status_code == 403
