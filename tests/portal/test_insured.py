"""The insured person's space: their family only, their statements, a verified RIB change."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.core.identifiers import rib_key
from openamo.members.models import RibChangeRequest
from openamo.notifications.models import Notification
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db
NEW_RIB = "0117800000012345678901" + f"{rib_key('0117800000012345678901'):02d}"


def insured_user(member, username="assure"):
    user = get_user_model().objects.create_user(username, password="Assure-pw-2026")
    PortalAccess.objects.create(user=user, role="insured", member=member)
    return user


@pytest.fixture
def families(cnops):
    tariffs_create()
    providers_create()
    mine, child = family_create(cnops)
    other = member_make(
        cnops, cin="ZZ998877", last_name="Tazi", first_name="Omar"
    ).beneficiaries.get(rank=0)
    claims = {}
    for who, beneficiary in [("mine", mine), ("child", child), ("other", other)]:
        claim = claim_submit(
            beneficiary=beneficiary,
            channel="paper",
            deposit_date=date(2025, 3, 20),
            lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, 10), executor_inpe=GP)],
        )
        claims[who] = claim_adjudicate(claim=claim)
    return mine.member, claims


def test_the_insured_sees_their_family_and_its_claims_only(client, families):
    member, claims = families
    client.force_login(insured_user(member))
    page = client.get(reverse("portal:home"), follow=True)
    body = page.content.decode()
    assert page.status_code == 200 and member.registration_number in body
    assert claims["mine"].reference in body and claims["child"].reference in body
    assert claims["other"].reference not in body
    assert "64,00 DH" in body


def test_statement_and_pdf_of_their_own_claim_but_404_for_another_family(client, families):
    member, claims = families
    client.force_login(insured_user(member))
    page = client.get(reverse("portal:insured_statement", args=[claims["child"].reference]))
    assert page.status_code == 200 and "Décompte du dossier" in page.content.decode()
    pdf = client.get(reverse("portal:insured_statement_pdf", args=[claims["mine"].reference]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    other = claims["other"].reference
    assert client.get(reverse("portal:insured_statement", args=[other])).status_code == 404
    assert client.get(reverse("portal:insured_statement_pdf", args=[other])).status_code == 404


def test_staff_pages_are_forbidden_to_the_insured(client, families):
    member, _ = families
    client.force_login(insured_user(member))
    assert client.get(reverse("portal:members:list")).status_code == 403
    assert client.get("/admin/").status_code == 302  # to the admin login, not in


def test_a_user_without_a_family_gets_404_not_someone_elses(client, families):
    client.force_login(
        get_user_model().objects.create_user("sans-dossier", password="x-Secret-123")
    )
    assert client.get(reverse("portal:insured_home")).status_code == 404


def _code(member):
    body = (
        Notification.objects.filter(event="rib_change_code", beneficiary__member=member)
        .latest("id")
        .body
    )
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_rib_change_applies_only_with_the_code_sent_by_sms(client, families):
    member, _ = families
    client.force_login(insured_user(member))
    bad = client.post(reverse("portal:insured_rib"), {"new_rib": "011780000001234567890100"})
    assert "clé RIB invalide" in bad.content.decode()
    response = client.post(reverse("portal:insured_rib"), {"new_rib": NEW_RIB})
    assert (
        response.status_code == 302
        and Notification.objects.get(event="rib_change_code").channel == "sms"
    )
    code = _code(member)
    wrong = "000000" if code != "000000" else "111111"
    page = client.post(reverse("portal:insured_rib_confirm"), {"code": wrong})
    assert "code incorrect (4 essai(s) restant(s))" in page.content.decode()
    member.refresh_from_db()
    assert member.rib != NEW_RIB
    client.post(reverse("portal:insured_rib_confirm"), {"code": code})
    member.refresh_from_db()
    assert member.rib == NEW_RIB
    assert member.history.first().rib == NEW_RIB


def test_an_expired_code_is_refused(client, families):
    member, _ = families
    client.force_login(insured_user(member))
    client.post(reverse("portal:insured_rib"), {"new_rib": NEW_RIB})
    RibChangeRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.post(reverse("portal:insured_rib_confirm"), {"code": _code(member)})
    assert "expiré" in page.content.decode()
    member.refresh_from_db()
    assert member.rib != NEW_RIB


def _csv_rows(response):
    import csv
    import io

    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_claims_list_pages_sorts_filters_and_exports_the_family_only(client, families):
    member, claims = families
    client.force_login(insured_user(member))
    page = client.get(reverse("portal:insured_claims"))
    assert page.status_code == 200
    listed = {c.reference for c in page.context["page"]}
    assert listed == {claims["mine"].reference, claims["child"].reference}
    rows = _csv_rows(
        client.get(reverse("portal:insured_claims"), {"export": "csv", "tri": "dossier"})
    )
    assert rows[0] == ["dossier", "beneficiaire", "depose_le", "statut", "frais", "rembourse"]
    assert [r[0] for r in rows[1:]] == sorted([claims["mine"].reference, claims["child"].reference])
    assert {r[2] for r in rows[1:]} == {"2025-03-20"}
    assert {r[3] for r in rows[1:]} == {"Accepté"}
    assert {r[5] for r in rows[1:]} == {"64,00"}
    # one beneficiary of the family; a rank of no one in the family shows the whole family
    child = claims["child"].beneficiary
    only_child = client.get(
        reverse("portal:insured_claims"), {"beneficiaire": child.rank, "export": "csv"}
    )
    assert [r[0] for r in _csv_rows(only_child)[1:]] == [claims["child"].reference]
    assert (
        len(client.get(reverse("portal:insured_claims"), {"beneficiaire": "99"}).context["page"])
        == 2
    )
    assert (
        claims["other"].reference
        not in client.get(reverse("portal:insured_claims")).content.decode()
    )


def test_the_authorizations_list_is_the_familys_and_needs_a_family(client, families):
    member, _ = families
    client.force_login(insured_user(member))
    page = client.get(reverse("portal:insured_authorizations"))
    assert page.status_code == 200 and "Aucune demande de prise en charge" in page.content.decode()
    assert _csv_rows(client.get(reverse("portal:insured_authorizations"), {"export": "csv"}))[0][
        0
    ] == ("reference")
    client.force_login(
        get_user_model().objects.create_user("sans-famille", password="x-Secret-123")
    )
    assert client.get(reverse("portal:insured_claims")).status_code == 404
    assert (
        client.get(reverse("portal:insured_authorizations"), {"export": "csv"}).status_code == 404
    )
    client.logout()
    assert client.get(reverse("portal:insured_claims")).status_code == 302
