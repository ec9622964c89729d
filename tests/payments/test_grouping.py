"""The pure grouping: every item once, orders + skipped = items to the centime."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openamo.payments.grouping import Payable, group

amounts = st.decimals(min_value=D("0"), max_value=D("99999.99"), places=2)
items = st.lists(
    st.tuples(st.integers(0, 6), amounts, st.booleans(), st.booleans()), max_size=60
).map(
    lambda rows: [
        Payable(f"claim:{n}", f"member:{payee}", amount, held, rib)
        for n, (payee, amount, held, rib) in enumerate(rows)
    ]
)


@given(items)
def test_totals_match_to_the_centime_and_no_item_twice(payables):
    result = group(payables)
    keys = [i.key for o in result.orders for i in o.items] + [s.item.key for s in result.skipped]
    assert sorted(keys) == sorted(p.key for p in payables)
    assert result.total + result.skipped_total == sum((p.amount for p in payables), D("0.00"))
    assert len({o.payee for o in result.orders}) == len(result.orders)
    assert all(o.total > 0 for o in result.orders)


def test_skipped_reasons_are_coded_in_french():
    result = group(
        [
            Payable("claim:1", "member:1", D("10.00"), held=True),
            Payable("claim:2", "member:2", D("0.00")),
            Payable("claim:3", "member:3", D("5.00"), has_rib=False),
            Payable("claim:4", "member:3", D("5.10")),
            Payable("claim:5", "member:4", D("7.25")),
            Payable("claim:6", "member:4", D("2.75")),
        ]
    )
    assert [(s.item.key, s.code, s.message) for s in result.skipped] == [
        ("claim:1", "held", "opposition au paiement en cours"),
        ("claim:2", "zero", "montant nul : rien à virer"),
        ("claim:3", "no_rib", "RIB absent ou invalide"),
    ]
    assert [(o.payee, o.total) for o in result.orders] == [
        ("member:3", D("5.10")),
        ("member:4", D("10.00")),
    ]


def test_an_item_twice_is_refused():
    with pytest.raises(ValueError):
        group([Payable("claim:1", "member:1", D("1")), Payable("claim:1", "member:2", D("1"))])
