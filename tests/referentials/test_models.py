from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openamo.core.identifiers import rib_key
from openamo.referentials import models as m

VALID_RIB = "0117800000012345678901" + f"{rib_key('0117800000012345678901'):02d}"


@pytest.fixture
def casablanca(db):
    region = m.Region.objects.create(code="R06", name="Casablanca-Settat")
    delegation = m.Delegation.objects.create(
        code="D01", name="Casablanca", region=region, seat="Casablanca"
    )
    return m.City.objects.create(name="Casablanca", region=region, delegation=delegation)


def provider(city, **kw):
    values = {
        "inpe": "123456789",
        "name": "Clinique Atlas",
        "kind": "clinic",
        "sector": "private",
        "city": city,
    }
    return m.Provider(**{**values, **kw})


def test_direct_billing_clinic_needs_a_rib_and_a_date(casablanca):
    with pytest.raises(ValidationError) as err:
        provider(casablanca, direct_billing=True).full_clean()
    assert set(err.value.message_dict) == {"rib", "direct_billing_since"}
    provider(
        casablanca, direct_billing=True, rib=VALID_RIB, direct_billing_since=date(2020, 1, 1)
    ).full_clean()


def test_public_hospital_bills_directly_without_a_rib(casablanca):
    hospital = provider(
        casablanca,
        kind="chu",
        sector="public",
        direct_billing=True,
        direct_billing_since=date(2006, 1, 1),
    )
    hospital.full_clean()
    assert hospital.delegation.code == "D01"


def test_provider_identifiers_and_sector_are_checked(casablanca):
    with pytest.raises(ValidationError) as err:
        provider(
            casablanca, inpe="12AB", rib="011780000001234567890199", sector="all", kind="specialist"
        ).full_clean()
    errors = err.value.message_dict
    assert "9 chiffres" in errors["inpe"][0]
    assert "clé RIB invalide" in errors["rib"][0]
    assert set(errors) == {"inpe", "rib", "sector", "specialty"}


@pytest.mark.django_db
def test_pbr_above_ppv_is_refused():
    medicine = m.Medicine.objects.create(
        ean13="6111000000014", brand="Amoxil", inn="amoxicilline", form="gélule"
    )
    price = m.MedicinePrice(
        medicine=medicine, ppv=Decimal("30.00"), pbr=Decimal("31.00"), valid_from=date(2014, 6, 1)
    )
    with pytest.raises(ValidationError) as err:
        price.full_clean()
    assert "PBR" in err.value.message_dict["pbr"][0]


@pytest.mark.django_db
def test_medicine_price_change_is_one_new_row():
    medicine = m.Medicine.objects.create(
        ean13="6111000000014", brand="Amoxil", inn="amoxicilline", form="gélule"
    )
    m.MedicinePrice.objects.create(
        medicine=medicine, ppv=Decimal("42.30"), valid_from=date(2014, 6, 1)
    )
    m.MedicinePrice.objects.create(
        medicine=medicine, ppv=Decimal("38.90"), valid_from=date(2019, 3, 1)
    )
    assert m.MedicinePrice.in_force(date(2019, 2, 28), medicine=medicine).ppv == Decimal("42.30")
    assert m.MedicinePrice.in_force(date(2019, 3, 1), medicine=medicine).ppv == Decimal("38.90")


@pytest.mark.django_db
def test_ald_codes_cover_their_subdivisions():
    ald = m.AldCondition(
        code="ALD9",
        number=9,
        label="Diabète",
        icd10_codes="E10, E11,E14",
        valid_from=date(2005, 9, 1),
    )
    ald.full_clean()
    assert ald.icd10_list == ["E10", "E11", "E14"]
    assert ald.covers_diagnosis("E11.9") and not ald.covers_diagnosis("E12")
    ald.icd10_codes = "E10, 11E"
    with pytest.raises(ValidationError) as err:
        ald.full_clean()
    assert "11E" in err.value.message_dict["icd10_codes"][0]
