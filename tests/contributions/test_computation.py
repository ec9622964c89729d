"""The pure contribution computation, to the centime, on DOMAIN.md's rates (tests/factories)."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openamo.contributions.computation import (
    ComputationError,
    RateRow,
    RateRule,
    contribution_compute,
    rules_in_force,
    schedule_compute,
    share_compute,
)
from tests.factories import CNOPS_RATES, CNSS_RATES


def _rows(table):
    return [
        RateRow(
            population,
            RateRule(
                component,
                D(rate),
                D(floor) if floor else None,
                D(ceiling) if ceiling else None,
                D(yearly) if yearly else None,
            ),
            start,
            end,
        )
        for population, component, _base, rate, floor, ceiling, yearly, start, end in table
    ]


CNOPS = _rows(CNOPS_RATES)
CNSS = _rows(CNSS_RATES)
NO_MUTUELLE = frozenset({"complementary"})
MAY_2024 = date(2024, 5, 1)


def compute(rows, population, base, month=MAY_2024, exclude=frozenset(), earlier=None):
    rules = rules_in_force(rows, population=population, month=month, exclude=exclude)
    return contribution_compute(base=D(base), rules=rules, already_due_this_year=earlier)


def amounts(contribution):
    return {s.component: s.amount for s in contribution.shares}


# ---- CNOPS active: 2.5 % + 2.5 %, each share 70 to 400 DH a month ---------------------------


def test_cnops_active_at_the_floor():
    c = compute(CNOPS, "active", "2000.00", exclude=NO_MUTUELLE)
    assert amounts(c) == {"employee": D("70.00"), "employer": D("70.00")}
    assert all(s.floor_applied and not s.ceiling_applied for s in c.shares)
    assert [s.raw for s in c.shares] == [D("50.00"), D("50.00")]
    assert c.total == D("140.00")


def test_cnops_active_at_the_ceiling():
    c = compute(CNOPS, "active", "25000.00", exclude=NO_MUTUELLE)
    assert amounts(c) == {"employee": D("400.00"), "employer": D("400.00")}
    assert all(s.ceiling_applied and not s.floor_applied for s in c.shares)
    assert c.total == D("800.00")


def test_cnops_active_in_between_rounds_half_up_to_the_centime():
    c = compute(CNOPS, "active", "8000.20", exclude=NO_MUTUELLE)  # 200.005
    assert amounts(c) == {"employee": D("200.01"), "employer": D("200.01")}
    assert not any(s.floor_applied or s.ceiling_applied for s in c.shares)
    assert c.total == D("400.02")


def test_cnops_active_exactly_at_the_thresholds_is_not_clamped():
    low = compute(CNOPS, "active", "2800.00", exclude=NO_MUTUELLE)
    high = compute(CNOPS, "active", "16000.00", exclude=NO_MUTUELLE)
    assert amounts(low)["employee"] == D("70.00") and not low.shares[0].floor_applied
    assert amounts(high)["employee"] == D("400.00") and not high.shares[0].ceiling_applied


# ---- CNOPS retired: 2.5 % of the basic pension, 70 to 400 DH ---------------------------------


@pytest.mark.parametrize(
    ("pension", "expected", "flag"),
    [
        ("1500.00", "70.00", "floor_applied"),
        ("20000.00", "400.00", "ceiling_applied"),
        ("6543.21", "163.58", None),  # 163.58025
    ],
)
def test_cnops_retired(pension, expected, flag):
    c = compute(CNOPS, "retired", pension)
    (share,) = c.shares
    assert (share.component, share.amount) == ("member", D(expected))
    assert share.floor_applied == (flag == "floor_applied")
    assert share.ceiling_applied == (flag == "ceiling_applied")


# ---- CNOPS voluntary: 5 % of the last salary, no floor or ceiling in the referential ----------


@pytest.mark.parametrize(
    ("salary", "expected"),
    [("1000.00", "50.00"), ("50000.00", "2500.00"), ("7777.77", "388.89")],  # 388.8885
)
def test_cnops_voluntary_has_no_floor_nor_ceiling(salary, expected):
    (share,) = compute(CNOPS, "voluntary", salary).shares
    assert (share.component, share.amount) == ("member", D(expected))
    assert not (share.floor_applied or share.ceiling_applied)


def test_a_floor_and_ceiling_added_to_the_voluntary_rate_apply_without_code_change():
    rows = [RateRow("voluntary", RateRule("member", D("5"), D("150"), D("800")), date(2005, 9, 1))]
    assert compute(rows, "voluntary", "1000").total == D("150.00")
    assert compute(rows, "voluntary", "20000").total == D("800.00")
    assert compute(rows, "voluntary", "9999.99").total == D("500.00")  # 499.9995


# ---- CNSS: 2.26 + 2.26 + 1.85 % of the gross salary, no ceiling ------------------------------


@pytest.mark.parametrize(
    ("salary", "employee", "solidarity", "total"),
    [
        ("3000.00", "67.80", "55.50", "191.10"),  # SMIG-level salary: no floor
        ("250000.00", "5650.00", "4625.00", "15925.00"),  # no ceiling
        ("7654.32", "172.99", "141.60", "487.58"),  # 172.987632, 141.60492
    ],
)
def test_cnss_salaried(salary, employee, solidarity, total):
    c = compute(CNSS, "active", salary)
    assert amounts(c) == {
        "employee": D(employee),
        "employer": D(employee),
        "solidarity": D(solidarity),
    }
    assert c.total == D(total)
    assert not any(s.floor_applied or s.ceiling_applied for s in c.shares)


def test_cnss_before_2016_uses_the_old_rates():
    c = compute(CNSS, "active", "10000", month=date(2014, 6, 1))
    assert amounts(c) == {
        "employee": D("200.00"),
        "employer": D("200.00"),
        "solidarity": D("150.00"),
    }
    c = compute(CNSS, "active", "10000", month=date(2012, 6, 1))
    assert amounts(c)["solidarity"] == D("100.00")


def test_cnss_rate_change_on_2016_01_01_applies_to_the_right_months():
    months = [date(2015, m, 1) for m in range(7, 13)] + [date(2016, m, 1) for m in range(1, 7)]
    schedule = schedule_compute(
        rows=CNSS, population="active", bases=dict.fromkeys(months, D("10000"))
    )
    totals = {m.month: m.contribution.total for m in schedule}
    assert [totals[m] for m in months] == [D("550.00")] * 6 + [D("637.00")] * 6
    assert schedule[6].contribution.shares[0].rate == D("2.26")
    assert schedule[5].contribution.shares[0].rate == D("2")


def test_a_change_mid_month_applies_from_the_next_month():
    rows = [
        RateRow("active", RateRule("employee", D("2")), date(2005, 9, 1), date(2020, 7, 14)),
        RateRow("active", RateRule("employee", D("3")), date(2020, 7, 15)),
    ]
    schedule = schedule_compute(
        rows=rows,
        population="active",
        bases=dict.fromkeys([date(2020, 6, 1), date(2020, 7, 1), date(2020, 8, 1)], D("1000")),
    )
    assert [m.contribution.total for m in schedule] == [D("20.00"), D("20.00"), D("30.00")]


def test_a_month_with_no_rate_in_force_is_an_error_naming_it():
    with pytest.raises(ComputationError, match="01/01/2004"):
        schedule_compute(rows=CNSS, population="active", bases={date(2004, 1, 1): D("1000")})


# ---- CNOPS complementary: 1.8 % with a yearly ceiling of 600 DH ------------------------------


def test_complementary_low_middle_and_at_the_yearly_ceiling():
    assert amounts(compute(CNOPS, "active", "1000"))["complementary"] == D("18.00")
    assert amounts(compute(CNOPS, "active", "8333.33"))["complementary"] == D("150.00")
    capped = compute(CNOPS, "active", "8000", earlier={"complementary": D("590.00")})
    share = next(s for s in capped.shares if s.component == "complementary")
    assert (share.raw, share.amount, share.yearly_ceiling_applied) == (
        D("144.00"),
        D("10.00"),
        True,
    )
    spent = compute(CNOPS, "active", "8000", earlier={"complementary": D("600.00")})
    assert amounts(spent)["complementary"] == D("0.00")
    # the monthly shares are not affected by what the complementary share has used up
    assert amounts(spent)["employee"] == D("200.00")


def test_complementary_yearly_ceiling_reached_mid_year_then_restarts_in_january():
    months = [date(2023, m, 1) for m in range(1, 13)] + [date(2024, 1, 1)]
    schedule = schedule_compute(
        rows=CNOPS, population="active", bases=dict.fromkeys(months, D("8000"))
    )
    comp = [m.contribution.amount_of("complementary") for m in schedule]
    assert comp[:6] == [D("144.00")] * 4 + [D("24.00"), D("0.00")]
    assert sum(comp[:12]) == D("600.00")
    assert comp[12] == D("144.00")
    assert all(m.contribution.amount_of("employee") == D("200.00") for m in schedule)


def test_no_salary_no_contribution_not_even_the_floor():
    c = compute(CNOPS, "active", "0")
    assert c.total == D("0.00") and not any(s.floor_applied for s in c.shares)


def test_negative_base_is_refused():
    with pytest.raises(ComputationError):
        compute(CNOPS, "active", "-1")


# ---- properties -------------------------------------------------------------------------------

amounts_st = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False)
rates_st = st.decimals(min_value=0, max_value=20, places=3, allow_nan=False)


@st.composite
def rules_st(draw):
    floor = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2)))
    ceiling = draw(
        st.one_of(st.none(), st.decimals(min_value=floor or 0, max_value=5000, places=2))
    )
    yearly = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=20000, places=2)))
    return RateRule(
        draw(st.sampled_from(["employee", "employer"])), draw(rates_st), floor, ceiling, yearly
    )


@given(base=amounts_st, rule=rules_st(), earlier=amounts_st)
def test_a_share_stays_between_its_floor_and_ceilings(base, rule, earlier):
    share = share_compute(base=base, rule=rule, already_due_this_year=earlier)
    assert share.amount >= 0
    if rule.ceiling is not None:
        assert share.amount <= rule.ceiling
    if rule.floor is not None and base > 0 and not share.yearly_ceiling_applied:
        assert share.amount >= rule.floor
    if rule.ceiling_yearly is not None:
        assert share.amount + min(earlier, rule.ceiling_yearly) <= max(rule.ceiling_yearly, earlier)
    assert share.amount == share.amount.quantize(D("0.01"))


@given(base=amounts_st, rules=st.lists(rules_st(), max_size=4, unique_by=lambda r: r.component))
def test_total_is_the_sum_of_the_shares(base, rules):
    c = contribution_compute(base=base, rules=rules)
    assert c.total == sum((s.amount for s in c.shares), D("0"))
    assert len(c.shares) == len(rules)


@given(
    a=amounts_st,
    b=amounts_st,
    rules=st.lists(rules_st(), max_size=3, unique_by=lambda r: r.component),
    earlier=amounts_st,
)
def test_contribution_is_monotonic_in_the_salary(a, b, rules, earlier):
    low, high = sorted([a, b])
    already = {r.component: earlier for r in rules}
    c_low = contribution_compute(base=low, rules=rules, already_due_this_year=already)
    c_high = contribution_compute(base=high, rules=rules, already_due_this_year=already)
    assert c_low.total <= c_high.total
    for s_low, s_high in zip(c_low.shares, c_high.shares, strict=True):
        assert s_low.amount <= s_high.amount


@given(bases=st.lists(amounts_st, min_size=12, max_size=12))
def test_yearly_ceiling_holds_over_any_year_of_salaries(bases):
    months = {date(2023, i + 1, 1): b for i, b in enumerate(bases)}
    schedule = schedule_compute(rows=CNOPS, population="active", bases=months)
    assert sum(m.contribution.amount_of("complementary") for m in schedule) <= D("600")
