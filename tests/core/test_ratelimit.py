"""The fixed-window rate limit: parsing the setting, counting in clock-aligned windows."""

import pytest

from openamo.core.ratelimit import Rate, rate_hit, rate_parse


def test_rates_parse_and_bad_ones_are_refused():
    assert rate_parse("60/minute") == Rate(60, 60)
    assert rate_parse("1000/hour") == Rate(1000, 3600)
    assert rate_parse("10/30s") == Rate(10, 30)
    assert rate_parse(" 5 / second ") == Rate(5, 1)
    for bad in ("", "60", "60/fortnight", "0/minute", "x/minute"):
        with pytest.raises(ValueError):
            rate_parse(bad)


def test_calls_beyond_the_rate_wait_for_the_next_window():
    rate = Rate(2, 60)
    start = 1_800_000_000.0  # a multiple of 60: the window's first second
    assert rate_hit(key="k", rate=rate, now=start) is None
    assert rate_hit(key="k", rate=rate, now=start + 10) is None
    assert rate_hit(key="k", rate=rate, now=start + 20) == 40
    assert rate_hit(key="k", rate=rate, now=start + 59.5) == 1
    assert rate_hit(key="other", rate=rate, now=start + 20) is None
    assert rate_hit(key="k", rate=rate, now=start + 60) is None  # a new window
