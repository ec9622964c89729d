"""Due dates, matching receipts to calls, arrears: the pure arithmetic."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from openamo.contributions.ledger import Allocation, allocate, arrear, due_date


def test_due_date_is_the_tenth_of_the_following_month():
    assert due_date(date(2024, 5, 1)) == date(2024, 6, 10)
    assert due_date(date(2024, 12, 1)) == date(2025, 1, 10)


def test_allocation_oldest_first_with_partial_and_left_over():
    plan = allocate(
        D("1000"), [("jan", D("400")), ("feb", D("0")), ("mar", D("500")), ("apr", D("300"))]
    )
    assert plan.allocations == (
        Allocation("jan", D("400.00")),
        Allocation("mar", D("500.00")),
        Allocation("apr", D("100.00")),
    )
    assert plan.left_over == D("0.00")
    over = allocate(D("1000"), [("jan", D("400"))])
    assert over.left_over == D("600.00")


def test_arrear_only_after_the_due_date_and_while_something_is_owed():
    due = date(2024, 6, 10)
    assert arrear(amount_due=D("500"), paid=D("200"), due_on=due, on=due) is None
    late = arrear(amount_due=D("500"), paid=D("200"), due_on=due, on=date(2024, 7, 10))
    assert (late.outstanding, late.days_late) == (D("300.00"), 30)
    assert arrear(amount_due=D("500"), paid=D("500"), due_on=due, on=date(2025, 1, 1)) is None


@given(
    available=st.decimals(min_value=0, max_value=100000, places=2),
    owed=st.lists(st.decimals(min_value=0, max_value=10000, places=2), max_size=8),
)
def test_allocation_conserves_money(available, owed):
    plan = allocate(available, list(enumerate(owed)))
    assert sum(a.amount for a in plan.allocations) + plan.left_over == available
    assert all(a.amount <= owed[a.key] for a in plan.allocations)
    assert plan.left_over == 0 or sum(a.amount for a in plan.allocations) == sum(owed)
