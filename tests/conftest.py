import pytest

from tests.factories import cnss_create, scheme_create


@pytest.fixture
def cnops(db):
    return scheme_create("cnops")


@pytest.fixture
def cnss(db):
    return cnss_create()
