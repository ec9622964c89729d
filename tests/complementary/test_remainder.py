"""The remainder's pure core: shares, cuts, ceilings in date order, and the sum property."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from openamo.complementary.remainder import (
    FLAT_PER_ACT,
    PERCENT_BASE,
    PERCENT_CHARGED,
    BaseLine,
    Cover,
    Guarantee,
    Ledger,
    line_share,
    remainder,
)

JAN = date(2026, 1, 1)
GP = "200000001"


def guarantee(**terms) -> Guarantee:
    values = {"id": 1, "category": "consultation", "label": "Consultations"}
    values.update(basis=PERCENT_BASE, rate=D("20"))
    values.update(terms)
    return Guarantee(**values)


def cover(g: Guarantee | None, enrolled_on=JAN, network=frozenset()) -> Cover:
    return Cover(enrolled_on=enrolled_on, guarantee_for=lambda c, d: g, network=network)


def base_line(key=1, day=date(2026, 3, 2), charged="80", base="80", reimbursed="64", **more):
    values = dict(
        key=key,
        beneficiary=10,
        family=1,
        care_date=day,
        category="consultation",
        code="C",
        executor=GP,
        quantity=D("1"),
        charged=D(charged),
        base=D(base),
        reimbursed=D(reimbursed),
    )
    values.update(more)
    return BaseLine(**values)


def test_eighty_percent_base_and_twenty_complementary_sum_exactly_to_charged():
    result = line_share(base_line(), cover(guarantee()), Ledger())
    assert (result.reimbursed, result.complementary, result.remainder) == (
        D("64.00"),
        D("16.00"),
        D("0.00"),
    )
    assert result.reimbursed + result.complementary + result.remainder == D("80")
    assert result.cuts == ()


def test_family_ceiling_reached_mid_year_cuts_the_next_line_and_says_so():
    g = guarantee(basis=PERCENT_CHARGED, rate=D("100"), family_year_ceiling=D("100"))
    march = base_line(key=1, day=date(2026, 3, 2), charged="150", base="80", reimbursed="64")
    # the spouse (another beneficiary of the same family), later in the year
    june = base_line(
        key=2, day=date(2026, 6, 1), charged="150", base="80", reimbursed="64", beneficiary=11
    )
    results = remainder([june, march], lambda line: cover(g), Ledger())
    assert [r.key for r in results] == [1, 2]  # date order
    first, second = results
    assert first.complementary == D("86.00") and first.cuts[0].code == "insured_share"
    assert second.complementary == D("14.00")
    assert [c.code for c in second.cuts] == ["insured_share", "family_ceiling"]
    assert second.cuts[-1].message == "Plafond annuel par famille atteint"
    assert second.cuts[-1].amount == D("72.00")
    assert second.remainder == D("72.00")
    # a new year starts afresh
    next_year = base_line(key=3, day=date(2027, 1, 5), charged="150", reimbursed="64")
    assert line_share(next_year, cover(g), Ledger()).complementary == D("86.00")


def test_person_ceiling_counts_what_earlier_statements_consumed():
    g = guarantee(person_year_ceiling=D("20"))
    ledger = Ledger(person={(2026, 10, "consultation"): D("10")})
    result = line_share(base_line(), cover(g), ledger)
    assert result.complementary == D("10.00")
    assert result.cuts[0].code == "person_ceiling"
    assert ledger.person[(2026, 10, "consultation")] == D("20.00")
    assert ledger.family[(2026, 1, "consultation")] == D("10.00")


def test_flat_per_act_with_per_act_ceiling_and_network_terms():
    g = guarantee(basis=FLAT_PER_ACT, flat=D("30"), network_flat=D("50"), per_act_ceiling=D("40"))
    line = base_line(charged="300", base="80", reimbursed="64", quantity=D("2"))
    outside = line_share(line, cover(g), Ledger())
    assert outside.complementary == D("60.00") and not outside.network
    inside = line_share(line, cover(g, network=frozenset({GP})), Ledger())
    assert inside.network and inside.computed == D("100.00")
    assert inside.complementary == D("80.00")
    assert inside.cuts[0].code == "per_act_ceiling"


def test_refusals_waiting_period_exclusion_not_enrolled_base_rejected():
    waiting = guarantee(waiting_days=90)
    assert line_share(base_line(), cover(waiting), Ledger()).cuts[0].code == "waiting_period"
    after = base_line(day=JAN + timedelta(days=90))
    assert line_share(after, cover(waiting), Ledger()).complementary == D("16.00")
    excluded = guarantee(excluded_codes=frozenset({"C"}))
    assert line_share(base_line(), cover(excluded), Ledger()).cuts[0].code == "excluded"
    late = cover(guarantee(), enrolled_on=date(2026, 4, 1))
    assert line_share(base_line(), late, Ledger()).cuts[0].code == "not_enrolled"
    assert line_share(base_line(), cover(None), Ledger()).cuts[0].code == "no_guarantee"
    rejected = base_line(reimbursed="0", rejected=True)
    result = line_share(rejected, cover(guarantee()), Ledger())
    assert result.cuts[0].code == "base_rejected" and result.remainder == D("80")


amounts = st.decimals(min_value=D("0"), max_value=D("5000"), places=2)


@st.composite
def lines_and_terms(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    lines = []
    for key in range(count):
        charged = draw(amounts)
        base = draw(st.decimals(min_value=D("0"), max_value=charged, places=2))
        rate = draw(st.sampled_from([D("70"), D("80"), D("90"), D("100")]))
        reimbursed = (base * rate / 100).quantize(D("0.01"))
        lines.append(
            base_line(
                key=key,
                day=JAN + timedelta(days=draw(st.integers(0, 400))),
                charged=str(charged),
                base=str(base),
                reimbursed=str(reimbursed),
                beneficiary=draw(st.sampled_from([10, 11, 12])),
                quantity=D(draw(st.integers(1, 4))),
            )
        )
    g = guarantee(
        basis=draw(st.sampled_from([PERCENT_BASE, PERCENT_CHARGED, FLAT_PER_ACT])),
        rate=draw(st.sampled_from([D("16"), D("20"), D("50"), D("100"), D("150")])),
        flat=draw(amounts),
        per_act_ceiling=draw(st.none() | amounts),
        person_year_ceiling=draw(st.none() | amounts),
        family_year_ceiling=draw(st.none() | amounts),
    )
    return lines, g


@settings(max_examples=300, deadline=None)
@given(lines_and_terms())
def test_base_plus_complementary_plus_remainder_is_charged_on_every_line(case):
    lines, g = case
    ledger = Ledger()
    results = remainder(lines, lambda line: cover(g), ledger)
    by_key = {line.key: line for line in lines}
    for r in results:
        line = by_key[r.key]
        assert r.reimbursed + r.complementary + r.remainder == line.charged
        assert D("0") <= r.complementary <= line.charged - line.reimbursed
        assert r.remainder >= 0
        assert r.complementary == r.complementary.quantize(D("0.01"))
    for used in ledger.family.values():
        if g.family_year_ceiling is not None:
            assert used <= g.family_year_ceiling
