"""A clinic checks the eligibility of a beneficiary it names."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.authorizations.models import ProviderAccess
from openamo.referentials.models import Provider
from tests.claims.db_builders import CLINIC, family_create, providers_create, tariffs_create

pytestmark = pytest.mark.django_db
URL = reverse("portal:provider_eligibility")


@pytest.fixture
def clinic_user(cnops):
    tariffs_create()
    providers_create()
    user = get_user_model().objects.create_user("clinique", password="Clinique-pw-2026")
    ProviderAccess.objects.create(user=user, provider=Provider.objects.get(inpe=CLINIC))
    return user


def test_a_clinic_gets_the_answer_with_the_rate_for_its_sector(client, cnops, clinic_user):
    member, child = family_create(cnops)
    client.force_login(clinic_user)
    query = {
        "registration_number": member.registration_number,
        "rank": 1,
        "birth_date": "2010-03-15",
        "day": "2025-03-10",
        "care_category": "hospitalisation",
    }
    body = client.get(URL, query).content.decode()
    assert "Éligible" in body and "Alaoui Salma" in body and "90 %" in body
    late = client.get(URL, {**query, "day": "2031-03-15"}).content.decode()
    assert "Non éligible" in late and "Limite d&#x27;âge atteinte le" in late
    assert "age_limit_reached" not in late  # the sentence, never the code


def test_the_form_names_what_is_missing(client, clinic_user):
    client.force_login(clinic_user)
    body = client.get(
        URL, {"cin": "AB123456", "day": "2025-03-10", "care_category": "consultation"}
    ).content.decode()
    assert 'id="id_birth_date"' in body and "Ce champ est obligatoire." in body


def test_the_menu_shows_the_provider_pages_and_no_staff_pages(client, clinic_user):
    client.force_login(clinic_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Éligibilité" in body and "Prises en charge" in body
    assert "Dossiers" not in body and "Assurés" not in body


def test_other_users_are_refused(client, db):
    assert client.get(URL).status_code == 302
    client.force_login(get_user_model().objects.create_user("x", password="x-Secret-123"))
    assert client.get(URL).status_code == 403
