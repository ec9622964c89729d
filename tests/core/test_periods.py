"""periods.py: inclusive boundaries, open-ended rows, and how a new period succeeds the others."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openamo.core.periods import PeriodError, covers, in_force, overlaps, plan_succession


@dataclass(eq=False)
class P:
    valid_from: date
    valid_to: date | None = None
    value: str = ""


D = date


# --- covers / overlaps / in_force ------------------------------------------------------------


def test_covers_is_inclusive_at_both_ends():
    p = P(D(2020, 1, 1), D(2020, 12, 31))
    assert not covers(p, D(2019, 12, 31))
    assert covers(p, D(2020, 1, 1))
    assert covers(p, D(2020, 6, 15))
    assert covers(p, D(2020, 12, 31))
    assert not covers(p, D(2021, 1, 1))


def test_open_ended_covers_every_later_day():
    p = P(D(2020, 1, 1))
    assert not covers(p, D(2019, 12, 31))
    assert covers(p, D(2020, 1, 1))
    assert covers(p, date.max)


def test_one_day_period():
    p = P(D(2020, 2, 29), D(2020, 2, 29))
    assert covers(p, D(2020, 2, 29))
    assert not covers(p, D(2020, 2, 28))
    assert not covers(p, D(2020, 3, 1))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (P(D(2020, 1, 1), D(2020, 12, 31)), P(D(2021, 1, 1), None), False),  # adjacent
        (P(D(2020, 1, 1), D(2020, 12, 31)), P(D(2020, 12, 31), None), True),  # shares a day
        (P(D(2020, 1, 1), None), P(D(2030, 1, 1), D(2030, 1, 1)), True),
        (P(D(2020, 1, 1), None), P(D(2019, 1, 1), D(2019, 12, 31)), False),
        (P(D(2020, 1, 1), None), P(D(2019, 1, 1), D(2020, 1, 1)), True),
        (P(D(2020, 1, 1), None), P(D(2025, 1, 1), None), True),  # two open-ended
        (P(D(2020, 3, 1), D(2020, 3, 31)), P(D(2020, 1, 1), D(2020, 12, 31)), True),  # inside
        (P(D(2020, 3, 1), D(2020, 3, 31)), P(D(2020, 4, 1), D(2020, 4, 30)), False),
    ],
)
def test_overlaps_is_symmetric(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_in_force_picks_the_row_covering_the_day():
    old = P(D(2013, 8, 1), D(2025, 12, 31), "80")
    new = P(D(2026, 1, 1), None, "100")
    rows = [old, new]
    assert in_force(rows, D(2013, 7, 31)) is None
    assert in_force(rows, D(2013, 8, 1)) is old
    assert in_force(rows, D(2025, 12, 31)) is old
    assert in_force(rows, D(2026, 1, 1)) is new
    assert in_force(rows, D(2099, 1, 1)) is new
    assert in_force([], D(2020, 1, 1)) is None


def test_in_force_leaves_a_gap_uncovered():
    rows = [P(D(2010, 1, 1), D(2010, 12, 31)), P(D(2012, 1, 1), None)]
    assert in_force(rows, D(2011, 6, 1)) is None
    assert in_force(rows, D(2011, 12, 31)) is None
    assert in_force(rows, D(2012, 1, 1)) is rows[1]


# --- plan_succession -------------------------------------------------------------------------


def test_first_period_needs_nothing():
    plan = plan_succession([], P(D(2006, 1, 1)))
    assert (plan.closes, plan.closed_on, plan.ends_on) == (None, None, None)


def test_new_row_after_an_open_ended_one_closes_it_the_day_before():
    current = P(D(2013, 8, 1))
    plan = plan_succession([current], P(D(2026, 1, 1)))
    assert plan.closes is current
    assert plan.closed_on == D(2025, 12, 31)
    assert plan.ends_on is None


def test_closing_on_the_first_of_march_of_a_leap_year():
    current = P(D(2013, 8, 1))
    plan = plan_succession([current], P(D(2024, 3, 1), D(2024, 12, 31)))
    assert plan.closes is current
    assert plan.closed_on == D(2024, 2, 29)
    assert plan.ends_on is None


def test_new_row_the_day_after_an_open_ended_start_closes_it_on_its_first_day():
    current = P(D(2020, 1, 1))
    plan = plan_succession([current], P(D(2020, 1, 2)))
    assert plan.closes is current
    assert plan.closed_on == D(2020, 1, 1)


def test_open_ended_new_row_before_a_later_row_ends_the_day_before_it():
    later = P(D(2020, 1, 1))
    plan = plan_succession([later], P(D(2006, 1, 1)))
    assert plan.closes is None
    assert plan.closed_on is None
    assert plan.ends_on == D(2019, 12, 31)


def test_open_ended_new_row_ends_before_the_nearest_later_row():
    rows = [
        P(D(2010, 1, 1), D(2014, 12, 31)),
        P(D(2020, 1, 1), D(2021, 12, 31)),
        P(D(2015, 6, 1), D(2019, 12, 31)),
    ]
    plan = plan_succession(rows, P(D(2008, 1, 1)))
    assert plan.ends_on == D(2009, 12, 31)
    assert plan.closes is None


def test_open_ended_new_row_in_a_gap_closes_nothing_and_fills_the_gap():
    rows = [P(D(2010, 1, 1), D(2010, 12, 31)), P(D(2012, 1, 1))]
    plan = plan_succession(rows, P(D(2011, 1, 1)))
    assert plan.closes is None
    assert plan.ends_on == D(2011, 12, 31)


def test_explicit_end_is_kept_when_there_is_a_later_row():
    plan = plan_succession([P(D(2020, 1, 1))], P(D(2006, 1, 1), D(2010, 12, 31)))
    assert plan.ends_on is None
    assert plan.closes is None


def test_overlap_with_a_closed_period_is_refused_with_its_dates():
    closed = P(D(2006, 1, 1), D(2019, 12, 31))
    with pytest.raises(PeriodError) as err:
        plan_succession([closed], P(D(2010, 1, 1)))
    assert str(err.value) == "chevauche la période déjà en vigueur du 01/01/2006 au 31/12/2019"


def test_overlap_on_the_last_day_is_refused():
    closed = P(D(2006, 1, 1), D(2019, 12, 31))
    with pytest.raises(PeriodError, match="du 01/01/2006 au 31/12/2019"):
        plan_succession([closed], P(D(2019, 12, 31), D(2019, 12, 31)))
    # the next day is fine
    assert plan_succession([closed], P(D(2020, 1, 1))).closes is None


def test_explicit_period_running_into_a_later_row_is_refused():
    later = P(D(2020, 1, 1))
    with pytest.raises(PeriodError, match="depuis le 01/01/2020, sans date de fin"):
        plan_succession([later], P(D(2015, 1, 1), D(2020, 1, 1)))


def test_same_start_as_an_open_ended_row_is_refused():
    with pytest.raises(
        PeriodError, match="chevauche la période déjà en vigueur depuis le 01/08/2013"
    ):
        plan_succession([P(D(2013, 8, 1))], P(D(2013, 8, 1)))


def test_new_row_inside_an_open_ended_row_still_refuses_a_later_closed_row():
    rows = [P(D(2010, 1, 1), D(2014, 12, 31)), P(D(2015, 1, 1))]
    with pytest.raises(PeriodError, match="du 01/01/2010 au 31/12/2014"):
        plan_succession(rows, P(D(2012, 1, 1)))


def test_end_before_start_is_refused():
    with pytest.raises(PeriodError) as err:
        plan_succession([], P(D(2020, 1, 1), D(2019, 12, 31)))
    assert str(err.value) == "la fin de validité (31/12/2019) précède le début (01/01/2020)"


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


# --- properties ------------------------------------------------------------------------------

BASE = D(2005, 9, 1)
offsets = st.lists(st.integers(0, 8000), min_size=1, max_size=12, unique=True)


def _apply(rows: list[P], new: P) -> None:
    """What DatedModel.save does with a plan."""
    plan = plan_succession(rows, new)
    if plan.closes is not None:
        plan.closes.valid_to = plan.closed_on
    if plan.ends_on is not None:
        new.valid_to = plan.ends_on
    rows.append(new)


def _check_tiling(rows: list[P], starts: list[date], probes: list[int]) -> None:
    first = min(starts)
    for delta in probes:
        day = BASE + timedelta(days=delta)
        covering = [r for r in rows if covers(r, day)]
        if day < first:
            assert covering == []
            assert in_force(rows, day) is None
            continue
        assert len(covering) == 1
        latest = max((r for r in rows if r.valid_from <= day), key=lambda r: r.valid_from)
        assert in_force(rows, day) is latest
    # exactly one row stays open-ended: the one with the latest start
    open_ended = [r for r in rows if r.valid_to is None]
    assert open_ended == [max(rows, key=lambda r: r.valid_from)]
    # consecutive rows are contiguous
    ordered = sorted(rows, key=lambda r: r.valid_from)
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.valid_to == b.valid_from - timedelta(days=1)


probe_days = st.lists(st.integers(-30, 8100), min_size=1, max_size=40)


@given(offsets, probe_days)
def test_chronological_open_ended_rows_tile_time(deltas, probes):
    starts = [BASE + timedelta(days=d) for d in sorted(deltas)]
    rows: list[P] = []
    for start in starts:
        _apply(rows, P(start))
    _check_tiling(rows, starts, probes + [d - 1 for d in deltas] + deltas)


@given(offsets, probe_days)
def test_reverse_chronological_open_ended_rows_tile_time(deltas, probes):
    starts = [BASE + timedelta(days=d) for d in sorted(deltas, reverse=True)]
    rows: list[P] = []
    for start in starts:
        _apply(rows, P(start))
    _check_tiling(rows, starts, probes + [d - 1 for d in deltas] + deltas)


@given(offsets, st.integers(0, 8000))
def test_an_open_ended_start_already_taken_is_refused(deltas, pick):
    starts = [BASE + timedelta(days=d) for d in sorted(deltas)]
    rows: list[P] = []
    for start in starts:
        _apply(rows, P(start))
    taken = starts[pick % len(starts)]
    with pytest.raises(PeriodError, match=f"(du|depuis le) {taken:%d/%m/%Y}"):
        plan_succession(rows, P(taken))
