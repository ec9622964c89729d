"""The tests' clock. Tests never read the wall clock at import time: a test that needs "today"
takes `FIXED_DAY` (and freezes the clock on it with `frozen_day`) or reads the clock inside
the test.

`pytest --clock-before-midnight [--clock-day AAAA-MM-JJ]` (a check run by CI) travels, with the clock
ticking, to 23:59:50 local time (settings.TIME_ZONE) before the tests are even imported, and
again to 23:59:59 before each test: a date taken at import time or in a fixture then differs
from the date the test body sees, which fails the tests that mix them.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

FIXED_DAY = date(2026, 11, 16)  # a Monday, for the tests that need a fixed "today"
ZONE = "Africa/Casablanca"  # settings.TIME_ZONE (not imported: settings are not set up yet)
OPTION = "--clock-before-midnight"


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(ZONE))


@pytest.fixture
def frozen_day():
    """The clock at noon on FIXED_DAY (ticking) for the whole test: `timezone.localdate()`
    and `date.today()` both give FIXED_DAY."""
    with time_machine.travel(noon(FIXED_DAY), tick=True):
        yield FIXED_DAY


def _before_midnight(day: date, second: int) -> datetime:
    return datetime.combine(day, time(23, 59, second), tzinfo=ZoneInfo(ZONE))


def pytest_addoption(parser):
    parser.addoption(
        OPTION,
        action="store_true",
        help="faire tourner la suite avec l'horloge juste avant minuit (heure locale)",
    )
    parser.addoption("--clock-day", metavar="AAAA-MM-JJ", help="le jour de --clock-before-midnight")


def _day(config) -> date | None:
    if not config.getoption(OPTION):
        return None
    value = config.getoption("--clock-day")
    return date.fromisoformat(value) if value else date.today()


def pytest_configure(config):
    day = _day(config)
    if day is not None:
        config._clock = time_machine.travel(_before_midnight(day, 50), tick=True)
        config._clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    day = _day(config)
    if day is not None:
        return f"horloge : {day} 23:59:50 ({ZONE}), puis 23:59:59 avant chaque test"
    return None


@pytest.fixture(autouse=True)
def _midnight_each_test(request):
    day = _day(request.config)
    if day is None:
        yield
        return
    with time_machine.travel(_before_midnight(day, 59), tick=True):
        yield
