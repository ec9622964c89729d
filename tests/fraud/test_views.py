"""The 360° views against the database: the family's boxes per month and prescribers, the
provider beside its peers, a few queries per page whatever the number of lines, reads logged."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openamo.audit.models import AccessLog
from openamo.fraud.selectors_family import beneficiary_search, family_view
from openamo.fraud.selectors_provider import provider_view
from openamo.referentials.models import Provider
from tests.claims.db_builders import GP, PHARMACY
from tests.fraud.builders import PEER_GP, controller, monthly_care, peer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(fund):
    member, child = fund
    peer_create()
    monthly_care(member, months=4, boxes=2)
    monthly_care(child, months=2, boxes=1, gp=PEER_GP)
    return member, child


def test_search_by_name_registration_number_and_cin(world):
    member, child = world
    assert list(beneficiary_search(query="alaoui salma")) == [child]
    assert set(beneficiary_search(query=member.registration_number)) == {member, child}
    assert list(beneficiary_search(query=member.member.cin)) == [member, child]  # the family
    assert list(beneficiary_search(query="")) == []


def test_family_view_boxes_per_month_categories_and_prescribers(world):
    member, child = world
    view = family_view(member_id=member.member_id)
    assert view.totals["claims"] == 6
    assert view.medicines.rows == {"amoxicilline 1 g": [D(5), D(5), D(3), D(3)]}
    categories = {c.code: c for c in view.categories}
    assert (categories["medicine"].lines, categories["medicine"].quantity) == (12, D(16))
    assert categories["consultation"].lines == 6
    assert categories["medicine"].charged == D("1360.00")  # 4 × (2 × 100 + 60) + 2 × (100 + 60)
    prescribers = {r["inpe"]: r["lines"] for r in view.prescribers}
    assert prescribers == {GP: 8, PEER_GP: 4}
    assert view.medicine_line_count == 12


def test_family_view_query_count_does_not_grow_with_lines(world, fund):
    member, _ = world
    with CaptureQueriesContext(connection) as small:
        family_view(member_id=member.member_id)
    monthly_care(member, months=6, boxes=3)
    with CaptureQueriesContext(connection) as large:
        family_view(member_id=member.member_id)
    assert len(large) == len(small) <= 20


def test_provider_view_with_its_peers_and_partners(world):
    gp = Provider.objects.get(inpe=GP)
    view = provider_view(provider=gp)
    peers = {r["label"]: r for r in view.peers}
    assert view.peer_count == 2
    assert peers["Lignes prescrites"]["value"] == 8
    assert peers["Lignes prescrites"]["median"] == 6  # (8 + 4) / 2
    assert peers["Lignes prescrites"]["percentile"] == 100
    assert [(r["inpe"], r["share"]) for r in view.partners_downstream] == [(PHARMACY, D("100.0"))]
    assert view.patients["count"] == 1 and view.patients["days"] == 4


def test_pages_render_and_log_the_read(client, world):
    member, child = world
    client.force_login(controller())
    page = client.get(reverse("portal:fraud:search"), {"q": "Alaoui"})
    assert page.status_code == 200 and "Karim" in page.content.decode()
    url = reverse("portal:fraud:family", args=[member.member_id])
    html = client.get(url, {"beneficiaire": child.pk}).content.decode()
    assert "Boîtes par mois et par molécule" in html and "amoxicilline 1 g" in html
    assert "Dr Tazi Omar" in html and "Pharmacie du Port" in html
    log = AccessLog.objects.get(what="view360")
    assert (log.beneficiary, log.where) == (child, url)
    html = client.get(reverse("portal:fraud:provider", args=[GP])).content.decode()
    assert "Face à ses pairs" in html and "Médiane des pairs" in html
    for axis, value in [("type", "pharmacy"), ("secteur", "private")]:
        assert client.get(reverse("portal:fraud:group", args=[axis, value])).status_code == 200
    assert client.get(reverse("portal:fraud:group", args=["type", "nope"])).status_code == 404
