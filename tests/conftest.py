import pytest

from tests.factories import cnss_create, scheme_create

pytest_plugins = ["tests.clock"]


@pytest.fixture
def cnops(db):
    return scheme_create("cnops")


@pytest.fixture
def cnss(db):
    return cnss_create()
