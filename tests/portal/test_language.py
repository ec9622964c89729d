"""French by default; Arabic, right to left, for the insured person who chooses it, remembered on
their portal access (pages, statement and its PDF, notifications); French error pages."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.core.templatetags.french import of
from openamo.members.rib import rib_change_request
from openamo.notifications.models import Notification
from openamo.portal.errors import server_error
from openamo.portal.models import PortalAccess
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.portal.test_insured import NEW_RIB

pytestmark = pytest.mark.django_db


@pytest.fixture
def insured(cnops):
    tariffs_create()
    providers_create()
    member, _child = family_create(cnops)
    claim = claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=date(2025, 3, 20),
        lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, 10), executor_inpe=GP)],
    )
    claim_adjudicate(claim=claim)
    user = get_user_model().objects.create_user("karima", password="Assure-pw-2026")
    PortalAccess.objects.create(user=user, role="insured", member=member.member)
    return user, claim


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_french_is_the_default_whatever_the_browser_asks(client, insured):
    user, _ = insured
    client.force_login(user)
    html = _page(client, reverse("portal:insured_home"))
    assert '<html lang="fr" dir="ltr">' in html and "openamo-rtl.css" not in html
    browser_in_arabic = Client(headers={"accept-language": "ar"})
    login = browser_in_arabic.get(reverse("portal:login")).content.decode()
    assert '<html lang="fr" dir="ltr">' in login


def test_the_insured_chooses_arabic_and_it_follows_them_to_another_device(client, insured):
    user, claim = insured
    client.force_login(user)
    home = reverse("portal:insured_home")
    assert 'name="language" value="ar"' in _page(client, home)  # the switch
    response = client.post(reverse("portal:language"), {"language": "ar", "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert PortalAccess.objects.get(user=user).language == "ar"

    other_device = Client()  # no cookie, a new session: the stored choice decides
    other_device.force_login(user)
    html = _page(other_device, home)
    assert '<html lang="ar" dir="rtl">' in html and "openamo-rtl.css" in html
    assert "أسرتي وحقوقي" in html and "ملفاتي" in html  # "Ma famille…", the menu
    assert "64,00\u00a0درهم" in html  # amounts with the currency in Arabic
    statement = _page(other_device, reverse("portal:insured_statement", args=[claim.reference]))
    assert "كشف التعويض" in statement and "المبلغ المسترجع" in statement
    assert "code-hint" not in statement  # no reason code on the insured's statement
    pdf = other_device.get(reverse("portal:insured_statement_pdf", args=[claim.reference]))
    assert pdf.content.startswith(b"%PDF")

    client.post(reverse("portal:language"), {"language": "fr", "next": home})
    assert PortalAccess.objects.get(user=user).language == "fr"
    assert '<html lang="fr" dir="ltr">' in _page(other_device, home)


def test_an_unknown_language_changes_nothing(client, insured):
    user, _ = insured
    client.force_login(user)
    client.post(reverse("portal:language"), {"language": "xx", "next": "/"})
    assert PortalAccess.objects.get(user=user).language == "fr"
    assert client.get(reverse("portal:language")).status_code == 405


def test_staff_see_no_language_switch(client, insured):
    staff = get_user_model().objects.create_user("agent", password="Agent-pw-2026")
    client.force_login(staff)
    assert 'name="language"' not in _page(client, reverse("portal:home"))


def test_notifications_are_written_in_the_language_the_family_chose(insured):
    user, claim = insured
    member = claim.beneficiary.member
    rib_change_request(member=member, new_rib=NEW_RIB)
    french = Notification.objects.get(event="rib_change_code")
    assert french.body.startswith("OpenAMO : votre code de confirmation est")
    PortalAccess.objects.filter(user=user).update(language="ar")
    rib_change_request(member=member, new_rib=NEW_RIB)
    arabic = Notification.objects.filter(event="rib_change_code").latest("id")
    assert arabic.subject == "رمز تأكيد تغيير الرقم البنكي"
    assert "رمز التأكيد الخاص بكم" in arabic.body and NEW_RIB[-6:] in arabic.body


def test_error_pages_are_french_with_a_way_back(client, insured):
    user, _ = insured
    client.force_login(user)
    missing = client.get("/cette-page-n-existe-pas/")
    html = missing.content.decode()
    assert missing.status_code == 404 and "Page introuvable" in html
    assert "Retour à l'accueil" in html and "Not Found" not in html
    staff_only = client.get(reverse("portal:claims:queue"))
    assert staff_only.status_code in (403, 302)
    if staff_only.status_code == 403:
        assert "Accès refusé" in staff_only.content.decode()


def test_the_server_error_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Erreur du serveur" in html and 'href="/"' in html


def test_months_take_the_elision():
    assert of("octobre 2025") == "d'octobre 2025"
    assert of("avril 2026") == "d'avril 2026" and of("août 2025") == "d'août 2025"
    assert of("décembre 2025") == "de décembre 2025" and of("mars 2026") == "de mars 2026"
