import pytest

from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401


@pytest.fixture(autouse=True)
def _today(frozen_day):
    """Every payments test runs on builders.TODAY, whatever the wall clock says."""
    return frozen_day
