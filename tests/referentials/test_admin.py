"""Every referential is browsable and importable from the French admin, with its history."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openamo.referentials import models as m

REFERENTIAL_MODELS = [
    model for model in admin.site._registry if model._meta.app_label == "referentials"
]


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.ma", "pw-Secret-123")
    client.force_login(user)
    return user


def test_every_referential_model_is_registered():
    names = {model.__name__ for model in REFERENTIAL_MODELS}
    choices = {"ParameterCode", "ControlParameterCode", "ControlRule"}
    assert set(m.__all__) - choices <= names


@pytest.mark.django_db
@pytest.mark.parametrize("model", REFERENTIAL_MODELS, ids=lambda model: model.__name__)
def test_changelist_and_add_pages_render_in_french(client, staff, cnops, model):
    info = model._meta.app_label, model._meta.model_name
    page = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert page.status_code == 200
    assert 'lang="fr"' in page.content.decode()
    assert str(model._meta.verbose_name_plural).lower() in page.content.decode().lower()
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200


@pytest.mark.django_db
def test_in_force_filter_keeps_only_todays_rows(client, staff):
    key = m.LetterKey.objects.create(code="C", label="Consultation", care_category="consultation")
    m.LetterKeyValue.objects.create(
        letter_key=key, value=Decimal("15"), valid_from=date(2006, 9, 1)
    )
    m.LetterKeyValue.objects.create(
        letter_key=key, value=Decimal("80"), valid_from=date(2013, 8, 1)
    )
    page = client.get(reverse("admin:referentials_letterkeyvalue_changelist") + "?validite=now")
    body = page.content.decode()
    assert "80,00" in body and "15,00" not in body


@pytest.mark.django_db
def test_import_page_refuses_a_file_with_one_bad_row(client, staff, cnops):
    url = reverse("admin:referentials_schemeparameter_import")
    content = (
        b"regime,parametre,valeur,en_vigueur_du\n"
        b"cnops,deposit_delay_days,60,2030-01-01\n"
        b"cnops,billing_delay_days,quatre-vingt-dix,2030-01-01\n"
    )
    before = m.SchemeParameter.objects.count()
    page = client.post(url, {"file": SimpleUploadedFile("p.csv", content)})
    body = page.content.decode()
    assert page.status_code == 200
    assert "rien n&#x27;a été importé" in body or "rien n'a été importé" in body
    assert "<td>3</td><td>valeur</td>" in body.replace("\n", "")
    assert m.SchemeParameter.objects.count() == before


@pytest.mark.django_db
def test_import_page_loads_a_good_file_and_history_names_the_user(client, staff, cnops):
    url = reverse("admin:referentials_schemeparameter_import")
    content = b"regime;parametre;valeur;en_vigueur_du\ncnops;deposit_delay_days;45;01/01/2030\n"
    page = client.post(url, {"file": SimpleUploadedFile("p.csv", content)}, follow=True)
    assert page.status_code == 200
    new = m.SchemeParameter.in_force(date(2030, 1, 1), scheme=cnops, code="deposit_delay_days")
    old = m.SchemeParameter.in_force(date(2029, 12, 31), scheme=cnops, code="deposit_delay_days")
    assert (new.value, old.value, old.valid_to) == (
        Decimal("45"),
        Decimal("60"),
        date(2029, 12, 31),
    )
    assert new.history.first().history_user == staff


@pytest.mark.django_db
def test_editing_a_tariff_in_the_admin_is_recorded_with_its_author(client, staff):
    key = m.LetterKey.objects.create(
        code="K", label="Actes techniques", care_category="technical_act"
    )
    row = m.LetterKeyValue.objects.create(
        letter_key=key, value=Decimal("22.50"), valid_from=date(2006, 9, 1)
    )
    url = reverse("admin:referentials_letterkeyvalue_change", args=[row.pk])
    data = {
        "letter_key": key.pk,
        "sector": "all",
        "value": "23,00",
        "valid_from": "01/09/2006",
        "valid_to": "",
        "source": "correction",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row.refresh_from_db()
    assert row.value == Decimal("23.00")
    latest = row.history.first()
    assert latest.history_user == staff and latest.value == Decimal("23.00")
    assert row.history.count() == 2
