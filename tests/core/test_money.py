"""money.py: centime rounding (ROUND_HALF_UP), refusal of floats and garbage, French display."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openamo.core.money import MoneyError, apply_rate, clamp, format_dh, money, multiply

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.0049", "0.00"),
        ("2.675", "2.68"),
        ("2.665", "2.67"),  # half up, not half even (which would give 2.66)
        ("2.6749999", "2.67"),
        ("-0.005", "-0.01"),  # half away from zero
        ("-2.675", "-2.68"),
        ("-2.674", "-2.67"),
        ("1234.5", "1234.50"),
        (" 12.345 ", "12.35"),
        (5, "5.00"),
        (-3, "-3.00"),
        (D("99.995"), "100.00"),
        (D("1E+3"), "1000.00"),
    ],
)
def test_money_rounds_half_up_to_the_centime(value, expected):
    result = money(value)
    assert result == D(expected)
    assert str(result) == expected.strip()
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [2.675, 0.1, 0.0, float("nan"), float("inf")])
def test_money_refuses_floats(value):
    with pytest.raises(MoneyError, match="virgule flottante"):
        money(value)


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "nan",
        "sNaN",
        "Infinity",
        "-Infinity",
        "inf",
        D("NaN"),
        D("-Infinity"),
        "abc",
        "",
        "1,5",
        "1 000",
        None,
        {},
    ],
)
def test_money_refuses_non_finite_and_garbage(value):
    with pytest.raises(MoneyError) as err:
        money(value)
    assert str(err.value) == f"montant invalide : {value!r}"


def test_money_error_is_a_value_error():
    assert issubclass(MoneyError, ValueError)


def test_money_refuses_amounts_too_large_to_quantize_with_money_error():
    with pytest.raises(MoneyError):
        money("1E+30")


@pytest.mark.parametrize(
    ("base", "rate", "expected"),
    [
        (multiply(D("22.50"), 50), D("80"), "900.00"),  # K 50 at 22.50 DH, 80 %
        (D("1125.00"), D("70"), "787.50"),
        (D("150.00"), D("80"), "120.00"),
        (D("33.33"), D("70"), "23.33"),  # 23.331
        (D("0.05"), D("50"), "0.03"),  # 0.025 rounds up
        (D("123.45"), D("2.26"), "2.79"),  # 2.78997
        (D("10000.00"), D("1.85"), "185.00"),
        (D("87.65"), D("0"), "0.00"),
        (D("87.65"), D("100"), "87.65"),
        (D("-40.01"), D("50"), "-20.01"),  # -20.005 rounds away from zero
    ],
)
def test_apply_rate(base, rate, expected):
    assert apply_rate(base, rate) == D(expected)
    assert str(apply_rate(base, rate)) == expected


def test_apply_rate_rounds_once_not_twice():
    # 1.005 × 50 % = 0.5025 → 0.50; rounding the base first would give 1.01 × 50 % = 0.51
    assert apply_rate(D("1.005"), D("50")) == D("0.50")


@pytest.mark.parametrize(
    ("unit", "quantity", "expected"),
    [
        (D("22.50"), 50, "1125.00"),
        (D("0.333"), 3, "1.00"),  # 0.999
        (D("12.345"), 1, "12.35"),
        (D("22.50"), D("1.5"), "33.75"),
        (D("1.10"), 0, "0.00"),
        (D("0.0125"), 2, "0.03"),  # 0.025 rounds up
    ],
)
def test_multiply(unit, quantity, expected):
    assert str(multiply(unit, quantity)) == expected


def test_multiply_refuses_float_quantity():
    # Decimal(1.005) is 1.00499999…, so the line silently comes out at 1.00 instead of 1.01
    with pytest.raises(MoneyError):
        multiply(D("1"), 1.005)


@pytest.mark.parametrize(
    ("amount", "floor", "ceiling", "expected"),
    [
        (D("50"), D("70"), D("400"), "70.00"),
        (D("500"), D("70"), D("400"), "400.00"),
        (D("123.456"), D("70"), D("400"), "123.46"),
        (D("70"), D("70"), D("400"), "70.00"),
        (D("400"), D("70"), D("400"), "400.00"),
        (D("69.99"), D("70"), None, "70.00"),
        (D("400.01"), None, D("400"), "400.00"),
        (D("-5"), None, None, "-5.00"),
        (D("9999999.999"), D("70"), None, "10000000.00"),
    ],
)
def test_clamp(amount, floor, ceiling, expected):
    assert str(clamp(amount, floor=floor, ceiling=ceiling)) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("1234.5"), f"1{NNBSP}234,50 DH"),
        (D("0"), "0,00 DH"),
        (D("7"), "7,00 DH"),
        (D("100"), "100,00 DH"),
        (D("999.99"), "999,99 DH"),
        (D("1000"), f"1{NNBSP}000,00 DH"),
        (D("999.995"), f"1{NNBSP}000,00 DH"),
        (D("1234567.891"), f"1{NNBSP}234{NNBSP}567,89 DH"),
        (D("123456789"), f"123{NNBSP}456{NNBSP}789,00 DH"),
        (D("-1234.5"), f"-1{NNBSP}234,50 DH"),
        (D("-0.005"), "-0,01 DH"),
        (D("0.004"), "0,00 DH"),
    ],
)
def test_format_dh(amount, expected):
    assert format_dh(amount) == expected


def test_format_dh_uses_narrow_no_break_space_only():
    text = format_dh(D("1234567.00"))
    assert text.count("\u202f") == 2
    assert " " not in text.removesuffix(" DH")
    assert "\xa0" not in text


def test_format_dh_has_no_negative_zero():
    assert format_dh(D("-0.004")) == "0,00 DH"


# --- properties -----------------------------------------------------------------------------

amounts = st.decimals(
    min_value=D("-1000000000"),
    max_value=D("1000000000"),
    allow_nan=False,
    allow_infinity=False,
    places=6,
)
centimes = st.decimals(
    min_value=D("0"), max_value=D("10000000"), allow_nan=False, allow_infinity=False, places=2
)
rates = st.decimals(min_value=D("0"), max_value=D("100"), places=3)


@given(amounts)
def test_money_is_idempotent(x):
    assert money(money(x)) == money(x)


@given(amounts)
def test_money_is_within_half_a_centime_and_symmetric(x):
    rounded = money(x)
    assert abs(rounded - x) <= D("0.005")
    assert rounded.as_tuple().exponent == -2
    assert money(-x) == -rounded


@given(amounts)
def test_money_accepts_the_same_value_as_text(x):
    assert money(str(x)) == money(x)


@given(amounts)
def test_apply_rate_at_100_percent_is_the_rounded_base(base):
    assert apply_rate(base, D("100")) == money(base)


@given(centimes, rates)
def test_complementary_rates_split_the_base_within_a_centime(base, rate):
    split = apply_rate(base, rate) + apply_rate(base, D("100") - rate)
    assert abs(split - base) <= D("0.01")


@given(centimes, rates)
def test_apply_rate_stays_between_zero_and_the_base(base, rate):
    assert D("0") <= apply_rate(base, rate) <= base
