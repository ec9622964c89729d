"""Properties of every statement, over random claims."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from openamo.claims.engine import Period, adjudicate
from tests.claims.builders import (
    BRAND,
    CLINIC,
    GENERIC,
    GP,
    HOSPITAL,
    OPTICIAN,
    PHARMACY,
    claim,
    context,
    line,
)

CODES = [
    ("act", "C", GP),
    ("act", "Cs", GP),
    ("act", "K", CLINIC),
    ("medicine", BRAND, PHARMACY),
    ("medicine", GENERIC, PHARMACY),
    ("device", "OPT-MONTURE", OPTICIAN),
    ("forfait", "HOSP-DAY", HOSPITAL),
    ("forfait", "HOSP-DAY", CLINIC),
]
amounts = st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2)
lines = st.tuples(
    st.sampled_from(CODES),
    st.integers(min_value=0, max_value=90),  # days after the first care date
    st.integers(min_value=1, max_value=60),  # coefficient or quantity
    st.one_of(st.none(), amounts),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(lines, min_size=1, max_size=8),
    st.integers(min_value=0, max_value=120),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
)
def test_amounts_add_up_and_never_exceed_what_was_charged(drawn, deposit_after, rights_end):
    first = date(2025, 1, 1)
    built = []
    for number, ((kind, code, inpe), offset, n, charged) in enumerate(drawn, 1):
        size = {"coefficient": n} if kind == "act" else {"quantity": n}
        built.append(
            line(
                kind,
                code,
                first + timedelta(days=offset),
                inpe,
                number=number,
                charged=charged,
                **size,
            )
        )
    deposit = max(x.care_date for x in built) + timedelta(days=deposit_after)
    statement = adjudicate(
        claim(*built, deposit=deposit), context(rights=[Period(date(2020, 1, 1), rights_end)])
    )

    for result in statement.lines:
        assert result.reimbursed + result.copayment == result.base
        assert result.base + result.beyond_base == result.charged
        assert D("0") <= result.reimbursed <= result.base <= result.charged
        assert result.reimbursed == (result.base * result.rate / 100).quantize(
            D("0.01"), "ROUND_HALF_UP"
        )
        if result.rejection:
            assert result.reimbursed == result.base == D("0")
        elif result.care_date > rights_end:
            raise AssertionError("a line after the end of rights was paid")
    if statement.rejection:
        assert statement.total("reimbursed") == D("0")
        assert (deposit - min(x.care_date for x in built)).days > 60
    assert statement.total("reimbursed") == sum((x.reimbursed for x in statement.lines), D("0"))
