from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401
