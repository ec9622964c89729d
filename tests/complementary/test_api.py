"""REST and FHIR: the complementary statement, and the EOB carrying both insurers' amounts."""

from decimal import Decimal as D

import pytest

from openamo.api.auth import api_token_create
from openamo.api.fhir.models import ExplanationOfBenefit
from openamo.claims.selectors import statement_get
from openamo.complementary.services import complementary_statement_compute
from openamo.portal.models import PortalAccess
from tests.api.conftest import fhir
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _, raw = api_token_create(user=user, name="tests AMC")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def world(cnops, django_user_model):
    tariffs_create()
    providers_create()
    member, _ = family_create(cnops)
    other = member_make(cnops, cin="ZZ998877", last_name="Tazi").beneficiaries.get(rank=0)
    enrol(mutuelle_cover(per_act_ceiling=D("10")), member, other)
    mine, theirs = consultation_claim(member), consultation_claim(other)
    for claim in (mine, theirs):
        complementary_statement_compute(statement=statement_get(claim=claim))
    insured = django_user_model.objects.create_user("assure", password="Assure-pw-2026")
    PortalAccess.objects.create(user=insured, role="insured", member=member.member)
    staff = django_user_model.objects.create_superuser("staff", password="Staff-pw-2026")
    return mine, theirs, bearer(insured), bearer(staff)


def test_rest_statement_lines_amounts_and_cuts(client, world):
    mine, theirs, insured, _ = world
    url = f"/api/v1/complementary/statements/{mine.reference}"
    body = client.get(url, **insured).json()
    assert (body["total_base"], body["total_complementary"], body["total_remainder"]) == (
        "64.00",
        "10.00",
        "6.00",
    )
    line = body["lines"][0]
    assert line["computed"] == "16.00" and line["complementary"] == "10.00"
    assert line["cuts"][0]["code"] == "per_act_ceiling"
    pdf = client.get(body["pdf_url"], **insured)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    foreign = f"/api/v1/complementary/statements/{theirs.reference}"
    assert client.get(foreign, **insured).status_code == 404
    assert client.get(url).status_code == 401


def test_fhir_eob_carries_both_insurers_amounts(client, world):
    mine, _, _, staff = world
    eob = fhir(
        client.get(f"/fhir/ExplanationOfBenefit/{mine.reference}", **staff), ExplanationOfBenefit
    )
    assert [i.focal for i in eob.insurance] == [True, False]
    assert eob.insurance[1].coverage.identifier.value == "AMC-MGPAP"
    found = {}
    for a in eob.item[0].adjudication:
        found[a.category.coding[0].code] = a.amount.value if a.amount else a.value
    assert (found["submitted"], found["benefit"], found["complementary"], found["remainder"]) == (
        D("80.00"),
        D("64.00"),
        D("10.00"),
        D("6.00"),
    )
    assert found["benefit"] + found["complementary"] + found["remainder"] == found["submitted"]
    assert found["amc-limit"] == D("6.00")
    totals = {t.category.coding[0].code: t.amount.value for t in eob.total}
    assert totals["complementary"] == D("10.00") and totals["remainder"] == D("6.00")
