"""Contract: every operation of /api/v1/openapi.json, fed generated input (valid and not),
never answers a server error, and every answer is one the document declares: its status code,
its content type and a body valid against its schema (errors included). Runs in process against
the WSGI application, authenticated with a bearer token of a user allowed everything, over a
small fund so that lookups find rows; kept under a minute on the CI machine.

Operations skipped here have a known server error in another context's code: the reason names
it, and the report to that context's owner describes it.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from openamo.api.auth import api_token_create

pytestmark = pytest.mark.django_db(transaction=False)

# "METHOD /path" → why it is skipped (a 5xx outside api/, reported to its owner)
KNOWN_SERVER_ERRORS: dict[str, str] = {}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """Django's WSGI handler closes the database connection when a request ends; the test
    client prevents it and so must we, or the test's transaction (PostgreSQL) is lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def contract_bearer(django_user_model, fund, keep_connection):
    user = django_user_model.objects.create_superuser("contrat", password="x-Secret-123")
    _, raw = api_token_create(user=user, name="contrat OpenAPI")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_no_operation_answers_a_server_error(case, contract_bearer):
    label = f"{case.operation.method.upper()} {case.operation.path}"
    if label in KNOWN_SERVER_ERRORS:
        pytest.skip(KNOWN_SERVER_ERRORS[label])
    case.call_and_validate(headers=contract_bearer, checks=CHECKS)


def test_every_operation_is_exercised_and_documents_its_errors():
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        declared = {str(code) for code in operation.definition.raw["responses"]}
        assert {"400", "401", "403", "422"} <= declared, operation.label
        if operation.method.lower() == "post":
            assert "409" in declared, operation.label
