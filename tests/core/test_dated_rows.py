"""dated.py on real referential models: a tariff change is one new row; overlaps are refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openamo.core.dated import NotInForce
from openamo.referentials.models import LetterKey, LetterKeyValue, Scheme, SchemeParameter

pytestmark = pytest.mark.django_db


@pytest.fixture
def c_key():
    return LetterKey.objects.create(code="C", label="Consultation", care_category="consultation")


@pytest.fixture
def b_key():
    return LetterKey.objects.create(code="B", label="Biologie", care_category="biology")


@pytest.fixture
def cnops():
    return Scheme.objects.create(code="cnops", name="CNOPS", fund="CNOPS")


def value(key, amount, start, end=None, sector="all"):
    return LetterKeyValue.objects.create(
        letter_key=key, sector=sector, value=Decimal(amount), valid_from=start, valid_to=end
    )


def test_tariff_change_on_a_date_is_one_new_row(c_key):
    old = value(c_key, "80", date(2013, 8, 1))
    new = value(c_key, "100", date(2026, 1, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.valid_to == date(2025, 12, 31)
    assert new.valid_to is None
    assert LetterKeyValue.objects.count() == 2

    def on(day):
        return LetterKeyValue.in_force(day, letter_key=c_key, sector="all").value

    assert on(date(2013, 8, 1)) == Decimal("80.00")
    assert on(date(2025, 12, 31)) == Decimal("80.00")
    assert on(date(2026, 1, 1)) == Decimal("100.00")
    assert on(date(2099, 12, 31)) == Decimal("100.00")
    assert old.period_label == "01/08/2013 → 31/12/2025"
    assert new.period_label == "01/01/2026 → …"


def test_not_in_force_before_the_first_date(c_key):
    value(c_key, "80", date(2013, 8, 1))
    with pytest.raises(NotInForce) as err:
        LetterKeyValue.in_force(date(2013, 7, 31), letter_key=c_key, sector="all")
    message = str(err.value)
    assert message.startswith(
        "valeur de lettre clé (TNR) : aucune valeur en vigueur le 31/07/2013 ("
    )
    assert "sector=all" in message
    assert "letter_key=C — Consultation" in message
    assert issubclass(NotInForce, LookupError)


def test_not_in_force_for_another_sector(c_key):
    value(c_key, "80", date(2013, 8, 1))
    with pytest.raises(NotInForce, match="le 01/01/2020 .*sector=private"):
        LetterKeyValue.in_force(date(2020, 1, 1), letter_key=c_key, sector="private")


def test_keys_are_independent(c_key, b_key):
    all_sectors = value(c_key, "80", date(2013, 8, 1))
    value(c_key, "150", date(2020, 1, 1), sector="private")
    value(b_key, "1.10", date(2006, 1, 1))
    all_sectors.refresh_from_db()
    assert all_sectors.valid_to is None
    assert LetterKeyValue.in_force(date(2021, 1, 1), letter_key=c_key, sector="all").value == 80
    assert (
        LetterKeyValue.in_force(date(2021, 1, 1), letter_key=c_key, sector="private").value == 150
    )
    assert LetterKeyValue.in_force(
        date(2021, 1, 1), letter_key=b_key, sector="all"
    ).value == Decimal("1.10")


def test_in_force_on_queryset_boundaries(c_key, b_key):
    value(c_key, "80", date(2013, 8, 1))
    value(c_key, "100", date(2026, 1, 1))
    value(b_key, "1.10", date(2006, 1, 1), date(2013, 7, 31))

    def in_force(day):
        rows = LetterKeyValue.objects.in_force_on(day)
        return sorted((r.letter_key.code, r.value) for r in rows)

    assert in_force(date(2005, 12, 31)) == []
    assert in_force(date(2006, 1, 1)) == [("B", Decimal("1.10"))]
    assert in_force(date(2013, 7, 31)) == [("B", Decimal("1.10"))]
    assert in_force(date(2013, 8, 1)) == [("C", Decimal("80.00"))]
    assert in_force(date(2025, 12, 31)) == [("C", Decimal("80.00"))]
    assert in_force(date(2026, 1, 1)) == [("C", Decimal("100.00"))]
    # a queryset: it chains
    assert (
        LetterKeyValue.objects.in_force_on(date(2013, 7, 31)).filter(letter_key=c_key).count() == 0
    )


def test_open_ended_row_before_a_later_one_is_ended_on_save(cnops):
    later = SchemeParameter.objects.create(
        scheme=cnops, code="deposit_delay_days", value=90, valid_from=date(2020, 1, 1)
    )
    earlier = SchemeParameter.objects.create(
        scheme=cnops, code="deposit_delay_days", value=60, valid_from=date(2006, 1, 1)
    )
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.valid_to == date(2019, 12, 31)
    assert later.valid_to is None


def _closed_parameter(scheme):
    return SchemeParameter.objects.create(
        scheme=scheme,
        code="deposit_delay_days",
        value=60,
        valid_from=date(2006, 1, 1),
        valid_to=date(2019, 12, 31),
    )


def test_overlap_refused_by_full_clean_on_valid_from(cnops):
    _closed_parameter(cnops)
    row = SchemeParameter(
        scheme=cnops, code="deposit_delay_days", value=90, valid_from=date(2010, 1, 1)
    )
    with pytest.raises(ValidationError) as err:
        row.full_clean()
    assert err.value.message_dict == {
        "valid_from": ["chevauche la période déjà en vigueur du 01/01/2006 au 31/12/2019"]
    }


def test_overlap_refused_on_save_and_nothing_changes(cnops):
    existing = _closed_parameter(cnops)
    with pytest.raises(ValidationError) as err:
        SchemeParameter.objects.create(
            scheme=cnops, code="deposit_delay_days", value=90, valid_from=date(2019, 12, 31)
        )
    assert "du 01/01/2006 au 31/12/2019" in err.value.message_dict["valid_from"][0]
    assert SchemeParameter.objects.count() == 1
    existing.refresh_from_db()
    assert existing.valid_to == date(2019, 12, 31)


def test_end_before_start_refused_by_full_clean(cnops):
    row = SchemeParameter(
        scheme=cnops,
        code="deposit_delay_days",
        value=60,
        valid_from=date(2020, 1, 1),
        valid_to=date(2019, 12, 31),
    )
    with pytest.raises(ValidationError) as err:
        row.full_clean()
    assert err.value.message_dict["valid_from"] == [
        "la fin de validité (31/12/2019) précède le début (01/01/2020)"
    ]


def test_full_clean_accepts_a_succession_without_writing(cnops):
    current = SchemeParameter.objects.create(
        scheme=cnops, code="deposit_delay_days", value=60, valid_from=date(2006, 1, 1)
    )
    SchemeParameter(
        scheme=cnops, code="deposit_delay_days", value=90, valid_from=date(2026, 1, 1)
    ).full_clean()
    current.refresh_from_db()
    assert current.valid_to is None
    assert SchemeParameter.objects.count() == 1


def test_same_period_for_another_scheme_or_code_is_not_an_overlap(cnops):
    cnss = Scheme.objects.create(code="cnss", name="CNSS", fund="CNSS")
    _closed_parameter(cnops)
    SchemeParameter(
        scheme=cnss, code="deposit_delay_days", value=90, valid_from=date(2010, 1, 1)
    ).full_clean()
    SchemeParameter(
        scheme=cnops, code="billing_delay_days", value=90, valid_from=date(2010, 1, 1)
    ).full_clean()


def test_resaving_a_row_does_not_overlap_itself(cnops):
    row = _closed_parameter(cnops)
    row.value = 75
    row.full_clean()
    row.save()
    row.refresh_from_db()
    assert row.value == Decimal("75.000")
    assert row.valid_to == date(2019, 12, 31)
    assert SchemeParameter.objects.count() == 1
