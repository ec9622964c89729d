"""Tariffs by establishment kind: a dialysis session is 850 DH in a private clinic, 700 DH in a
CHU or military hospital, 400 DH in another public hospital (DOMAIN.md section 4). Each line is
priced by the kind of its executing establishment; a code reserved to other kinds is rejected
with its reason."""

from datetime import date
from decimal import Decimal as D

import pytest

from openamo.claims.services import LineInput, claim_adjudicate
from openamo.referentials import models as ref
from openamo.referentials.choices import establishment_kind_of
from tests.claims.db_builders import CLINIC, HOSPITAL, START
from tests.claims.ui_helpers import claim_make
from tests.medical.builders import fund_create

CHU, MILITARY = "200000010", "200000011"
DAY = date(2025, 3, 10)


@pytest.fixture
def member(cnops):
    beneficiary, _, _ = fund_create(cnops)
    city = ref.City.objects.get(name="Casablanca")
    ref.Provider.objects.create(inpe=CHU, name="CHU", kind="chu", sector="public", city=city)
    ref.Provider.objects.create(
        inpe=MILITARY,
        name="Hôpital militaire",
        kind="military_hospital",
        sector="public",
        city=city,
    )
    ref.ReimbursementRate.objects.create(
        scheme=cnops, care_category="dialysis", sector="all", rate=D(100), valid_from=START
    )
    dial = ref.TariffForfait.objects.create(
        code="DIAL", label="Séance d'hémodialyse", grid=6, care_category="dialysis", unit="session"
    )
    for sector, kind, amount in [
        ("private", "private", "850"),
        ("public", "chu_military", "700"),
        ("public", "public_hospital", "400"),
    ]:
        ref.TariffForfaitValue.objects.create(
            forfait=dial, sector=sector, establishment_kind=kind, amount=D(amount), valid_from=START
        )
    old = ref.TariffForfait.objects.create(
        code="DIAL-HP",
        label="Séance (hôpital public)",
        grid=6,
        care_category="dialysis",
        unit="session",
    )
    ref.TariffForfaitValue.objects.create(
        forfait=old,
        sector="public",
        establishment_kind="public_hospital",
        amount=D("400"),
        valid_from=START,
    )
    return beneficiary


def sessions(member, inpe, code="DIAL", quantity=12):
    line = LineInput(
        kind="forfait", code=code, care_date=DAY, executor_inpe=inpe, quantity=D(quantity)
    )
    claim = claim_adjudicate(claim=claim_make(member, line))
    return claim.statements.order_by("-version")[0].lines.get()


def test_twelve_sessions_at_a_public_hospital_are_paid_4800_not_8400(member):
    line = sessions(member, HOSPITAL)
    assert (line.unit_value, line.base, line.reimbursed) == (
        D("400.00"),
        D("4800.00"),
        D("4800.00"),
    )


def test_each_kind_of_establishment_is_priced_at_its_own_tariff(member):
    assert sessions(member, CHU).reimbursed == D("8400.00")
    assert sessions(member, MILITARY, quantity=1).reimbursed == D("700.00")
    assert sessions(member, CLINIC, quantity=1).reimbursed == D("850.00")


def test_a_code_reserved_to_other_establishments_is_rejected_with_its_reason(member):
    line = sessions(member, CHU, code="DIAL-HP")
    assert (line.reimbursed, line.rejection_code) == (D("0.00"), "not_billable_by_establishment")
    assert line.rejection_message == (
        "Code non facturable par ce type d'établissement : DIAL-HP réservé à : autre hôpital public"
    )
    assert sessions(member, HOSPITAL, code="DIAL-HP", quantity=1).reimbursed == D("400.00")


def test_the_kind_of_an_establishment():
    assert establishment_kind_of("chu", "public") == "chu_military"
    assert establishment_kind_of("military_hospital", "public") == "chu_military"
    assert establishment_kind_of("public_hospital", "public") == "public_hospital"
    assert establishment_kind_of("dialysis_centre", "public") == "public_hospital"
    assert establishment_kind_of("clinic", "private") == "private"
    assert establishment_kind_of("dialysis_centre", "mutualist") == "private"
