import os

import pytest

from tests.factories import cnss_create, scheme_create

pytest_plugins = ["tests.clock"]


@pytest.fixture
def cnops(db):
    return scheme_create("cnops")


@pytest.fixture
def cnss(db):
    return cnss_create()


@pytest.fixture(autouse=True)
def _ratelimit_counters_reset():
    """Rate-limit counters live in a process-wide cache: each test starts from zero."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.RATELIMIT_CACHE].clear()
    yield


@pytest.fixture(autouse=True)
def _sms_outbox_in_tmp(settings, tmp_path_factory):
    """The demo's file SMS gateway writes into a temporary folder, never into var/."""
    settings.OPENAMO_SMS_FILE = str(tmp_path_factory.getbasetemp() / "sms" / "outbox.jsonl")


@pytest.fixture(scope="session", autouse=True)
def _analytics_copy_per_worker(tmp_path_factory):
    """The analytical copy written by the demo and page-scan tests goes to this worker's own
    folder, never to the var dir another worker's tests read at the same time."""
    if "OPENAMO_ANALYTICS_DIR" not in os.environ:
        os.environ["OPENAMO_ANALYTICS_DIR"] = str(tmp_path_factory.mktemp("analytics"))
