"""identifiers.py: CIN, INPE, EAN-13, RIB, IBAN, ICD-10 checks and their French reasons."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openamo.core.identifiers import (
    cin_problem,
    ean13_check_digit,
    ean13_problem,
    iban_check_digits,
    iban_from_rib,
    iban_problem,
    icd10_problem,
    inpe_problem,
    normalize_cin,
    normalize_icd10,
    normalize_rib,
    rib_key,
    rib_problem,
)

# IBAN registry example for Morocco (SWIFT IBAN registry): MA64 0115 1900 0001 2050 0053 4921
REGISTRY_IBAN = "MA64011519000001205000534921"
REGISTRY_RIB = "011519000001205000534921"

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def other_digit(d: str, shift: int) -> str:
    return str((int(d) + shift) % 10)


# --- CIN -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["AB123456", "A123", "A1", "BK654321", "ab 123456", "ab-123456", " j 12 "]
)
def test_valid_cin(value):
    assert cin_problem(value) is None


@pytest.mark.parametrize(
    ("value", "normalized"),
    [("ab 123456", "AB123456"), ("ab-123-456", "AB123456"), ("a.12", "A12"), (None, "")],
)
def test_normalize_cin(value, normalized):
    assert normalize_cin(value) == normalized


@pytest.mark.parametrize("value", ["123456", "ABC123", "AB1234567", "AB", "A12B", "É12345"])
def test_invalid_cin_names_the_value_and_the_format(value):
    reason = cin_problem(value)
    assert reason == (
        f"« {value} » n'est pas un CIN : une ou deux lettres suivies de 1 à 6 chiffres"
    )


@pytest.mark.parametrize("value", ["", "   ", " - ", None])
def test_empty_cin(value):
    assert cin_problem(value) == "le CIN est vide"


# --- INPE ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["123456789", "000000001", "123 456 789", "123-456-789"])
def test_valid_inpe(value):
    assert inpe_problem(value) is None


@pytest.mark.parametrize("value", ["12345678", "1234567890", "12345678A", "", "ABCDEFGHI"])
def test_invalid_inpe(value):
    assert inpe_problem(value) == f"« {value} » n'est pas un INPE : 9 chiffres attendus"


# --- EAN-13 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first12", "check"),
    [("400638133393", 1), ("611125022012", 5), ("611100000001", 4), ("000000000000", 0)],
)
def test_ean13_check_digit(first12, check):
    assert ean13_check_digit(first12) == check


@pytest.mark.parametrize(
    "value", ["4006381333931", "6111250220125", "6111000000014", "400 6381 33393 1"]
)
def test_valid_ean13(value):
    assert ean13_problem(value) is None


def test_ean13_wrong_check_digit_names_both_digits():
    assert ean13_problem("4006381333932") == "clé de contrôle EAN-13 invalide : 2 au lieu de 1"


@pytest.mark.parametrize("value", ["400638133393", "40063813339310", "400638133393A", ""])
def test_ean13_wrong_shape(value):
    assert ean13_problem(value) == f"« {value} » n'est pas un EAN-13 : 13 chiffres attendus"


@pytest.mark.parametrize("value", ["12345", "40063813339A", "4006381333931"])
def test_ean13_check_digit_needs_12_digits(value):
    with pytest.raises(ValueError, match="12 chiffres attendus"):
        ean13_check_digit(value)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_ean13_round_trip(first12):
    code = first12 + str(ean13_check_digit(first12))
    assert ean13_problem(code) is None


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.integers(0, 12),
    st.integers(1, 9),
)
def test_ean13_detects_any_single_digit_change(first12, position, shift):
    code = first12 + str(ean13_check_digit(first12))
    altered = code[:position] + other_digit(code[position], shift) + code[position + 1 :]
    reason = ean13_problem(altered)
    assert reason is not None
    assert reason.startswith("clé de contrôle EAN-13 invalide")


# --- RIB -------------------------------------------------------------------------------------


def test_rib_key_of_a_known_rib():
    assert rib_key(REGISTRY_RIB[:22]) == 21
    assert rib_problem(REGISTRY_RIB) is None


def test_rib_with_spaces_is_normalized():
    spaced = "011 519 0000012050005349 21"
    assert normalize_rib(spaced) == REGISTRY_RIB
    assert rib_problem(spaced) is None


def test_rib_wrong_key_names_both_keys():
    assert rib_problem(REGISTRY_RIB[:22] + "22") == "clé RIB invalide : 22 au lieu de 21"


@pytest.mark.parametrize(
    "value",
    [REGISTRY_RIB[:23], REGISTRY_RIB + "0", REGISTRY_RIB[:23] + "X", "", "RIB"],
)
def test_rib_wrong_shape_names_the_expected_format(value):
    reason = rib_problem(value)
    assert reason == (
        f"« {value} » n'est pas un RIB : 24 chiffres attendus (banque 3, ville 3, compte 16, clé 2)"
    )
    assert "24 chiffres" in reason


@pytest.mark.parametrize("value", ["1" * 21, "1" * 23, "1" * 21 + "A"])
def test_rib_key_needs_22_digits(value):
    with pytest.raises(ValueError, match="22 chiffres attendus"):
        rib_key(value)


ribs22 = st.text(alphabet="0123456789", min_size=22, max_size=22)


@given(ribs22)
def test_rib_round_trip(first22):
    key = rib_key(first22)
    assert 1 <= key <= 97
    assert rib_problem(first22 + f"{key:02d}") is None


@given(ribs22, st.integers(0, 23), st.integers(1, 9))
def test_rib_detects_any_single_digit_change(first22, position, shift):
    rib = first22 + f"{rib_key(first22):02d}"
    altered = rib[:position] + other_digit(rib[position], shift) + rib[position + 1 :]
    reason = rib_problem(altered)
    assert reason is not None
    assert reason.startswith("clé RIB invalide : ")
    assert altered[22:] in reason


# --- IBAN ------------------------------------------------------------------------------------


def test_registry_iban_is_valid_and_rebuilt_from_its_rib():
    assert iban_problem(REGISTRY_IBAN) is None
    assert iban_problem("ma64 0115 1900 0001 2050 0053 4921") is None
    assert iban_from_rib(REGISTRY_RIB) == REGISTRY_IBAN
    assert iban_from_rib("011 519 0000012050005349 21") == REGISTRY_IBAN
    assert iban_check_digits("MA", REGISTRY_RIB) == 64


@pytest.mark.parametrize("check", ["00", "01", "63", "65", "99"])
def test_altered_iban_check_digits_fail(check):
    assert iban_problem(f"MA{check}{REGISTRY_RIB}") == "clé de contrôle IBAN invalide"


def test_iban_with_valid_checksum_but_bad_rib_key_reports_the_rib_key():
    bad_rib = REGISTRY_RIB[:22] + "22"
    iban = iban_from_rib(bad_rib)
    assert iban_problem(iban) == "clé RIB invalide : 22 au lieu de 21"


@pytest.mark.parametrize(
    "value",
    [
        "FR7630006000011234567890189",  # a valid French IBAN
        "FR64011519000001205000534921",
        "MA6401151900000120500053492",  # 27 characters
        "MA640115190000012050005349211",
        "MA64A11519000001205000534921",
        "",
    ],
)
def test_non_moroccan_or_malformed_iban_refused(value):
    assert (
        iban_problem(value) == f"« {value} » n'est pas un IBAN marocain : MA suivi de 26 chiffres"
    )


@given(ribs22)
def test_iban_from_any_valid_rib_is_valid(first22):
    rib = first22 + f"{rib_key(first22):02d}"
    iban = iban_from_rib(rib)
    assert len(iban) == 28
    assert iban.startswith("MA")
    assert iban[4:] == rib
    assert iban_problem(iban) is None


@given(ribs22, st.integers(1, 98))
def test_iban_detects_changed_check_digits(first22, shift):
    rib = first22 + f"{rib_key(first22):02d}"
    iban = iban_from_rib(rib)
    altered = f"MA{(int(iban[2:4]) + shift) % 100:02d}{rib}"
    assert iban_problem(altered) == "clé de contrôle IBAN invalide"


# --- ICD-10 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["N04", "E11.9", "S72.00", "C50", "E119", "e11.9", " E11 .9 ", "Z99.8", "C50.9A"]
)
def test_valid_icd10(value):
    assert icd10_problem(value) is None


def test_normalize_icd10():
    assert normalize_icd10(" e11 .9 ") == "E11.9"
    assert normalize_icd10(None) == ""


@pytest.mark.parametrize(
    "value", ["11E", "E1", "", "E", "EE1", "E11.", "E11.12345", "E11-9", "E11.9.1"]
)
def test_invalid_icd10(value):
    reason = icd10_problem(value)
    assert reason is not None
    assert reason.startswith(f"« {value} » n'est pas un code CIM-10 : une lettre, deux chiffres")
    assert "(ex. E11.9)" in reason
