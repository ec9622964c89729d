"""FHIR fuzzing: mutated Claims (plain and through `Claim/$submit`) and generated search
parameters never get a server error, and every refusal is an OperationOutcome valid in R4."""

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openamo.api.fhir import systems
from openamo.api.fhir.models import OperationOutcome
from tests.api.conftest import fhir
from tests.api.fhir_builders import claim_body

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DELETE = object()
EDGES = [
    "",
    " ",
    "\x00",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "x" * 5000,
    "Patient/",
    "Patient/999999999999-99",
    "Organization/" + "9" * 40,
    systems.INPE,
    -1,
    0,
    2**63,
    10**30,
    Decimal("1e30"),
    Decimal("-0.001"),
    [],
    {},
    None,
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)
values = st.sampled_from(EDGES) | json_values
CLAIM_FIELDS = [
    "resourceType",
    "status",
    "type",
    "use",
    "patient",
    "created",
    "provider",
    "priority",
    "insurance",
    "careTeam",
    "item",
    "identifier",
    "diagnosis",
    "billablePeriod",
    "extension",
]
ITEM_FIELDS = [
    "sequence",
    "productOrService",
    "servicedDate",
    "servicedPeriod",
    "quantity",
    "net",
    "unitPrice",
    "careTeamSequence",
    "diagnosisSequence",
    "extension",
]
NESTED = {
    "patient": ["reference", "identifier"],
    "provider": ["reference", "identifier"],
    "productOrService": ["coding", "text"],
    "quantity": ["value", "unit"],
    "net": ["value", "currency"],
}


@st.composite
def mutations(draw):
    """A list of (path, new value or DELETE) to apply to a valid Claim."""
    found = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            path = [draw(st.sampled_from(CLAIM_FIELDS))]
        else:
            path = ["item", draw(st.integers(0, 1)), draw(st.sampled_from(ITEM_FIELDS))]
        if path[-1] in NESTED and draw(st.booleans()):
            path.append(draw(st.sampled_from(NESTED[path[-1]])))
        found.append((path, draw(st.just(DELETE) | values)))
    return found


def mutated(body: dict, changes) -> dict:
    body = copy.deepcopy(body)
    for path, value in changes:
        target = body
        for step in path[:-1]:
            fits = isinstance(target, dict) and step in target
            fits = fits or (
                isinstance(target, list) and isinstance(step, int) and step < len(target)
            )
            if not fits:
                break
            target = target[step]
        else:
            if isinstance(target, dict) and value is DELETE:
                target.pop(path[-1], None)
            elif isinstance(target, dict):
                target[path[-1]] = value
    return body


def dumps(body) -> str:
    return json.dumps(body, default=str)


def assert_fhir_answer(response):
    """Never a 5xx; a 4xx is a valid R4 OperationOutcome with at least one error issue."""
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        outcome = fhir(response, OperationOutcome, response.status_code)
        assert outcome.issue and outcome.issue[0].severity in ("error", "fatal")


@FUZZ
@given(changes=mutations(), through_submit=st.booleans())
def test_mutated_claims_are_answered_without_a_server_error(
    client, fund, bearer, changes, through_submit
):
    member, _ = fund
    body = mutated(claim_body(member), changes)
    path = "/fhir/Claim"
    if through_submit:
        path += "/$submit"
        body = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": body}]}
    response = client.post(path, dumps(body), content_type="application/fhir+json", **bearer)
    assert_fhir_answer(response)


SEARCHES = {
    "Patient": ["identifier"],
    "ExplanationOfBenefit": ["patient"],
    "Organization": ["identifier"],
    "Practitioner": ["identifier"],
    "PaymentReconciliation": ["requestor", "created", "identifier"],
}
RESULT = ["_count", "_offset", "_summary", "_format", "_sort", "_include"]
search_texts = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "101",
        "99999999999999999999",
        "count",
        "xml",
        "json",
        "gt9999-12-31",
        "le0001-01-01",
        "eq2025-13-01",
        "|",
        "|AB123456",
        f"{systems.INPE}|",
        "Patient/1-0",
        "Patient/1-999",
        "a" * 3000,
        "\x00",
        "é€😀",
    ]
) | st.text(max_size=40)


@FUZZ
@given(
    resource_type=st.sampled_from(sorted(SEARCHES)),
    data=st.data(),
)
def test_searches_with_generated_parameters_never_fail(client, fund, bearer, resource_type, data):
    names = SEARCHES[resource_type] + RESULT + ["unknown", ""]
    params = data.draw(
        st.lists(st.tuples(st.sampled_from(names), search_texts), max_size=4), label="params"
    )
    response = client.get(f"/fhir/{resource_type}", params, **bearer)
    assert_fhir_answer(response)
    if response.status_code == 200:
        assert json.loads(response.content)["resourceType"] == "Bundle"
