"""The pure helpers of the 360° views, on plain values."""

from datetime import date
from decimal import Decimal as D

from openamo.fraud.profile import (
    category_of,
    category_totals,
    median,
    month_range,
    percentile_rank,
    pivot,
    repeat_rate,
    with_shares,
)


def test_categories_from_care_category_grid_and_executor():
    assert category_of(care_category="surgery") == "hospital"
    assert category_of(care_category="dialysis", forfait_grid=6) == "dialysis"
    assert category_of(care_category="technical_act", forfait_grid=4) == "exploration"
    assert category_of(care_category="medicine", line_kind="medicine") == "medicine"
    assert category_of(line_kind="medicine") == "medicine"  # not adjudicated yet
    assert category_of(care_category="optics", line_kind="device") == "optics"
    assert category_of(care_category="device", line_kind="device") == "device"
    assert (
        category_of(
            care_category="technical_act",
            executor_kind="specialist",
            executor_specialty="cardiology",
        )
        == "cardiology"
    )
    assert category_of(care_category="consultation", executor_kind="gp") == "consultation"
    assert category_of(care_category="technical_act", executor_kind="laboratory") == "biology"
    assert category_of(care_category="paramedical", executor_kind="physiotherapist") == "other"


def test_pivot_fills_every_month_between_first_and_last():
    table = pivot(
        [(date(2025, 1, 9), "a", 2), (date(2025, 4, 2), "a", 1), (date(2025, 1, 20), "b", 5)]
    )
    assert table.months == month_range(date(2025, 1, 1), date(2025, 4, 1))
    assert table.rows == {"b": [5, 0, 0, 0], "a": [2, 0, 0, 1]}
    assert month_range(date(2024, 11, 5), date(2025, 2, 1))[-1] == date(2025, 2, 1)
    assert len(month_range(date(2024, 11, 5), date(2025, 2, 1))) == 4


def test_category_totals_and_frequency_per_year():
    rows = [
        {
            "category": "medicine",
            "month": date(2025, 1, 1),
            "lines": 4,
            "quantity": D(6),
            "charged": D("10.50"),
            "base": D("8.00"),
            "reimbursed": D("5.60"),
        },
        {
            "category": "medicine",
            "month": date(2025, 3, 1),
            "lines": 2,
            "quantity": D(2),
            "charged": D("1.25"),
            "base": D("1.00"),
            "reimbursed": D("0.70"),
        },
        {
            "category": "hospital",
            "month": date(2025, 2, 1),
            "lines": 1,
            "quantity": D(3),
            "charged": D("900"),
            "base": D("750"),
            "reimbursed": D("675"),
        },
    ]
    hospital, medicine = category_totals(rows, span_months=6)
    assert (medicine.lines, medicine.charged, medicine.reimbursed) == (6, D("11.75"), D("6.30"))
    assert (medicine.months_active, medicine.per_year) == (2, D("12.0"))
    assert (hospital.code, hospital.label, hospital.per_year) == (
        "hospital",
        "Hospitalisations",
        D("2.0"),
    )


def test_peer_median_percentile_repeat_rate_and_shares():
    assert median([3, 1, 2]) == 2 and median([1, 2, 3, 10]) == 2.5 and median([]) is None
    assert percentile_rank(10, [1, 2, 3, 10]) == 100
    assert percentile_rank(2, [1, 2, 3, 10]) == 50
    assert repeat_rate([1, 2, 3, 1]) == D("50.0")
    shares = with_shares([{"lines": 3}, {"lines": 1}])
    assert [s["share"] for s in shares] == [D("75.0"), D("25.0")]
