"""The permission matrix generated from the URL configuration, the OpenAPI document and the
FHIR CapabilityStatement: every route, operation and interaction needs a rule (route_rules.py),
and every role gets exactly what its rule says (objects that do not exist answer 404 to the
roles allowed, and the rule's refusal to the others)."""

import pytest
from django.urls import reverse

from openamo.api.auth import api_token_create
from openamo.api.fhir.mapping.capability import OPERATIONS, RESOURCES
from openamo.api.v1 import api

from .probe import missing_url, outcome
from .route_rules import API, FHIR, ROUTES
from .route_world import ROLES, RolledBack, routes, world_build

ROUTE_LIST = routes()


def fhir_interactions() -> list[str]:
    found = [f"{kind} {i}" for kind, (interactions, *_) in RESOURCES.items() for i in interactions]
    return found + [f"{kind} ${name}" for kind, ops in OPERATIONS.items() for name, _ in ops]


def api_operations() -> dict:
    schema = api.get_openapi_schema()
    return {
        op["operationId"]: (method.upper(), path)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def test_every_route_operation_and_interaction_has_a_rule():
    missing = [r.name for r in ROUTE_LIST if r.name not in ROUTES]
    missing += [f"API {op}" for op in api_operations() if op not in API]
    missing += [f"FHIR {i}" for i in fhir_interactions() if i not in FHIR]
    assert missing == [], f"sans règle dans tests/security/route_rules.py : {missing}"
    stale = set(ROUTES) - {r.name for r in ROUTE_LIST}
    stale |= set(API) - set(api_operations())
    stale |= set(FHIR) - set(fhir_interactions())
    assert stale == set(), f"règles sans route : {sorted(stale)}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), RolledBack():
        world, users = world_build()
        tokens = {}
        for role, user in users.items():
            _, raw = api_token_create(user=user, name=f"matrice {role}")
            tokens[role] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        yield world, users, tokens


def _expected(rule, role, has_object):
    if role == "anonymous":
        return rule.anonymous
    if role in rule.allowed:
        return "404" if has_object else "ok"
    return rule.deny


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTE_LIST, ids=[r.name for r in ROUTE_LIST])
def test_each_role_gets_what_the_rule_says(client, world, route):
    _, users, _ = world
    rule = ROUTES[route.name]
    url = missing_url(route) if route.params else reverse(route.name)
    outcomes, expected = {}, {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        outcomes[role] = outcome(getattr(client, rule.method.lower())(url))
        expected[role] = _expected(rule, role, bool(route.params))
    assert outcomes == expected


# GET operations probed with a token per role (a read names an object that does not exist);
# the eligibility check needs its two identifiers (its rules: test_eligibility_security.py)
# and the POST operations validate their body first (their refusals: test_api_scoping.py).
API_PROBED = [
    op
    for op, (method, _) in api_operations().items()
    if method == "GET" and op != "openamo_members_api_eligibility_get"
]
FHIR_PROBES = {
    "Patient read": "/fhir/Patient/INCONNU-0",
    "Patient search-type": "/fhir/Patient?identifier=INCONNU-0",
    "Coverage read": "/fhir/Coverage/INCONNU-0",
    "ClaimResponse read": "/fhir/ClaimResponse/INCONNU-0",
    "ExplanationOfBenefit read": "/fhir/ExplanationOfBenefit/INCONNU-0",
    "Organization read": "/fhir/Organization/INCONNU-0",
    "Organization search-type": "/fhir/Organization?identifier=INCONNU-0",
    "Practitioner read": "/fhir/Practitioner/INCONNU-0",
    "Practitioner search-type": "/fhir/Practitioner?identifier=INCONNU-0",
    "PaymentReconciliation read": "/fhir/PaymentReconciliation/INCONNU-0",
    "PaymentReconciliation search-type": "/fhir/PaymentReconciliation",
}


def _token_outcomes(client, tokens, url, allowed, found):
    outcomes, expected = {}, {}
    for role in ROLES:
        outcomes[role] = client.get(url, **tokens.get(role, {})).status_code
        expected[role] = 401 if role == "anonymous" else (found if role in allowed else 403)
    return outcomes, expected


@pytest.mark.django_db
@pytest.mark.parametrize("operation", API_PROBED)
def test_each_token_gets_what_the_api_rule_says(client, world, operation):
    _, _, tokens = world
    _, path = api_operations()[operation]
    is_read = "{" in path
    url = path.replace("{declaration_id}", "999999").replace("{reference}", "INCONNU-0")
    allowed = set(API[operation].split())
    found = 404 if is_read else 200
    if "{employer_id}" in path:  # the second employer: not the employer's, nor the broker's
        url = path.replace("{employer_id}", str(world[0].employer_2.pk))
        allowed, found = allowed - {"employer", "broker"}, 200
    outcomes, expected = _token_outcomes(client, tokens, url, allowed, found)
    if "{employer_id}" in path:
        expected.update(employer=404, broker=404)
    assert outcomes == expected


@pytest.mark.django_db
@pytest.mark.parametrize("interaction", FHIR_PROBES)
def test_each_token_gets_what_the_fhir_rule_says(client, world, interaction):
    _, _, tokens = world
    url = FHIR_PROBES[interaction]
    found = 200 if "?" in url or url.endswith("Reconciliation") else 404
    allowed = set(FHIR[interaction].split())
    outcomes, expected = _token_outcomes(client, tokens, url, allowed, found)
    assert outcomes == expected
