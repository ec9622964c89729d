"""The policyholder's and the broker's complementary portfolio: their contracts only, the
insured with what was paid this year, the statements, the exports."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from openamo.claims.selectors import statement_get
from openamo.complementary.models import Contract, Guarantee, Insurer
from openamo.complementary.services import complementary_statement_compute
from openamo.members.models import Broker
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.clock import FIXED_DAY
from tests.complementary.builders import consultation_claim, enrol
from tests.contributions.helpers import employer_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops, django_user_model):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    employer, other_employer = employer_make(cnops), employer_make(cnops, name="Autre", ice="")
    broker = Broker.objects.create(name="Atlas Courtage", acaps_number="ACAPS-1")
    insurer = Insurer.objects.create(code="amane", name="Al Amane", kind="private")
    contract = Contract.objects.create(
        insurer=insurer,
        reference="GRP-1",
        kind="group_contract",
        label="Frais de santé",
        policyholder=employer,
        broker=broker,
        starts_on=date(2020, 1, 1),
    )
    Contract.objects.create(
        insurer=insurer,
        reference="GRP-2",
        kind="group_contract",
        label="Autre contrat",
        policyholder=other_employer,
        starts_on=date(2020, 1, 1),
    )
    Guarantee.objects.create(
        contract=contract,
        care_category="consultation",
        basis="percent_base",
        rate=D("20"),
        family_year_ceiling=D("500"),
        valid_from=date(2020, 1, 1),
    )
    enrol(contract, member, child)
    claim = consultation_claim(member, day=FIXED_DAY.replace(month=2, day=2))
    complementary_statement_compute(statement=statement_get(claim=claim))
    users = {}
    for role, extra in (("employer", {"employer": employer}), ("broker", {"broker": broker})):
        user = django_user_model.objects.create_user(role, password="Portal-pw-2026")
        PortalAccess.objects.create(user=user, role=role, **extra)
        users[role] = user
    return users, claim


@pytest.mark.parametrize("role", ["employer", "broker"])
def test_portfolio_shows_own_contracts_insured_and_statements(client, world, role, frozen_day):
    users, claim = world
    client.force_login(users[role])
    home = client.get(reverse("portal:complementary:portfolio")).content.decode()
    assert "GRP-1" in home and "GRP-2" not in home
    assert "16,00" in home and "500,00" in home  # paid this year, the family ceiling
    insured = client.get(reverse("portal:complementary:portfolio_insured", args=["GRP-1"]))
    assert "Alaoui" in insured.content.decode()
    export = client.get(
        reverse("portal:complementary:portfolio_insured", args=["GRP-1"]), {"export": "csv"}
    )
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Alaoui" in csv and ("16.00" in csv or "16,00" in csv)
    statements = client.get(reverse("portal:complementary:portfolio_statements", args=["GRP-1"]))
    assert claim.reference in statements.content.decode()
    other = reverse("portal:complementary:portfolio_statements", args=["GRP-2"])
    assert client.get(other).status_code == 404
