"""FHIR conformance and robustness: R4 declared, searches paged, XML refused with 406,
`Claim/$submit` with a Bundle, and hostile bodies answered 4xx OperationOutcomes, never 500."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from openamo.api.fhir import systems
from openamo.api.fhir.models import Bundle, CapabilityStatement, ClaimResponse, OperationOutcome
from tests.api.conftest import fhir
from tests.api.fhir_builders import claim_body
from tests.claims.db_builders import GP

pytestmark = pytest.mark.django_db
FHIR_JSON = "application/fhir+json"


def post(client, path, body, bearer, **headers):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data, content_type=FHIR_JSON, **bearer, **headers)


def only_issue(response, status, code):
    outcome = fhir(response, OperationOutcome, status)
    assert [i.code for i in outcome.issue] == [code]
    return outcome.issue[0]


# ---- finding 6: hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("resource_type", ["Claim", "CoverageEligibilityRequest"])
def test_deeply_nested_json_is_a_400_not_a_recursion_error(client, bearer, resource_type):
    depth = 100_000
    body = f'{{"resourceType": "{resource_type}", "text": {"[" * depth}{"]" * depth}}}'
    issue = only_issue(post(client, f"/fhir/{resource_type}", body, bearer), 400, "structure")
    assert "imbriqué trop profondément" in issue.diagnostics
    moderately = f'{{"resourceType": "Claim", "text": {"[" * 60}{"]" * 60}}}'
    assert (
        "trop profondément"
        in only_issue(post(client, "/fhir/Claim", moderately, bearer), 400, "structure").diagnostics
    )


def test_a_body_over_the_limit_is_a_413_even_past_djangos_own_limit(client, fund, bearer):
    member, _ = fund
    body = claim_body(member, text={"status": "generated", "div": "x" * 3_000_000})
    issue = only_issue(post(client, "/fhir/Claim", body, bearer), 413, "too-costly")
    assert "1 Mo" in issue.diagnostics
    one_and_a_half = claim_body(member, text={"status": "generated", "div": "x" * 1_500_000})
    assert post(client, "/fhir/Claim", one_and_a_half, bearer).status_code == 413


@pytest.mark.parametrize("value", ["9999-12-31", "gt9999-12-31", "le9999-12-31", "lt0001-01-01"])
def test_a_search_date_out_of_range_is_a_400_naming_the_parameter(client, bearer, value):
    response = client.get(f"/fhir/PaymentReconciliation?created={value}", **bearer)
    issue = only_issue(response, 400, "value")
    assert issue.expression == ["created"] and "hors de la plage" in issue.diagnostics


# ---- finding 7: version, formats ---------------------------------------------------------------


def test_the_capability_statement_declares_r4_the_submit_operation_and_paging(client):
    statement = fhir(client.get("/fhir/metadata"), CapabilityStatement)
    assert statement.fhirVersion == "4.0.1"
    rest = statement.rest[0]
    claim = next(r for r in rest.resource if r.type == "Claim")
    assert [(o.name, o.definition) for o in claim.operation] == [
        ("submit", "http://hl7.org/fhir/OperationDefinition/Claim-submit")
    ]
    assert [p.name for p in rest.searchParam] == ["_count", "_offset", "_summary"]


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/fhir/metadata", {"HTTP_ACCEPT": "application/fhir+xml"}),
        ("/fhir/Patient?identifier=1", {"HTTP_ACCEPT": "application/fhir+xml"}),
        ("/fhir/Patient?identifier=1", {"HTTP_ACCEPT": "application/xml, text/xml;q=0.9"}),
        ("/fhir/Patient?identifier=1&_format=xml", {}),
    ],
)
def test_xml_is_not_served_the_answer_is_a_406_operation_outcome_in_json(
    client, bearer, path, headers
):
    issue = only_issue(client.get(path, **bearer, **headers), 406, "not-supported")
    assert "application/fhir+json" in issue.diagnostics


def test_json_or_anything_is_accepted(client, bearer):
    for accept in ("application/fhir+json", "application/json", "*/*", "text/html, */*;q=0.1"):
        response = client.get("/fhir/Patient?identifier=1", HTTP_ACCEPT=accept, **bearer)
        assert fhir(response, Bundle).total == 0
    for query in ("_format=json", "_format=application/fhir+json", "_format=application/json"):
        response = client.get(f"/fhir/Patient?identifier=1&{query}", **bearer)
        assert fhir(response, Bundle).total == 0


# ---- searches: paging and _summary -------------------------------------------------------------


def _query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_a_search_is_paged_with_self_next_and_previous_links(client, fund, bearer):
    member, child = fund
    regno = member.registration_number
    first = fhir(client.get(f"/fhir/Patient?identifier={regno}&_count=1", **bearer), Bundle)
    assert first.total == 2 and [e.resource.id for e in first.entry] == [f"{regno}-0"]
    links = {link.relation: link.url for link in first.link}
    assert set(links) == {"self", "next"}
    assert _query(links["self"]) == {"identifier": regno, "_count": "1", "_offset": "0"}
    assert _query(links["next"]) == {"identifier": regno, "_count": "1", "_offset": "1"}
    assert links["next"].startswith("http://testserver/fhir/Patient?")
    second = fhir(client.get(links["next"].removeprefix("http://testserver"), **bearer), Bundle)
    assert [e.resource.id for e in second.entry] == [f"{regno}-{child.rank}"]
    assert {link.relation for link in second.link} == {"self", "previous"}


def test_summary_count_gives_the_total_only(client, fund, bearer):
    member, _ = fund
    url = f"/fhir/Patient?identifier={member.registration_number}&_summary=count"
    summary = fhir(client.get(url, **bearer), Bundle)
    assert summary.total == 2 and not summary.entry
    assert [link.relation for link in summary.link] == ["self"]


@pytest.mark.parametrize(
    "query, name",
    [("_count=abc", "_count"), ("_count=101", "_count"), ("_offset=-1", "_offset")],
)
def test_bad_paging_parameters_are_400_naming_them(client, bearer, query, name):
    response = client.get(f"/fhir/Patient?identifier=1&{query}", **bearer)
    assert only_issue(response, 400, "value").expression == [name]


def test_an_unsupported_summary_is_refused(client, bearer):
    response = client.get("/fhir/Patient?identifier=1&_summary=text", **bearer)
    assert only_issue(response, 400, "not-supported").expression == ["_summary"]


# ---- Claim/$submit with a Bundle ---------------------------------------------------------------


def submit_bundle(member, claim=None):
    """As the specification shows: the Claim first, then the resources it references."""
    claim = claim or claim_body(member)
    claim["patient"] = {"reference": "urn:uuid:8c5a8a3e-0000-4000-8000-000000000001"}
    claim["provider"] = {"reference": "Practitioner/medecin"}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:8c5a8a3e-0000-4000-8000-0000000000c1", "resource": claim},
            {
                "fullUrl": "urn:uuid:8c5a8a3e-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [
                        {
                            "system": systems.BENEFICIARY,
                            "value": f"{member.registration_number}-{member.rank}",
                        }
                    ],
                },
            },
            {
                "resource": {
                    "resourceType": "Practitioner",
                    "id": "medecin",
                    "identifier": [{"system": systems.INPE, "value": GP}],
                }
            },
        ],
    }


def test_claim_submit_takes_a_bundle_whose_first_entry_is_the_claim(client, fund, bearer):
    member, _ = fund
    response = post(client, "/fhir/Claim/$submit", submit_bundle(member), bearer)
    answer = fhir(response, ClaimResponse, 201)
    assert answer.outcome == "complete" and answer.patient.reference == (
        f"Patient/{member.registration_number}-{member.rank}"
    )
    assert [i.itemSequence for i in answer.item] == [1, 2]
    assert response["Location"] == f"ClaimResponse/{answer.id}"


def test_claim_submit_still_takes_a_bare_claim(client, fund, bearer):
    member, _ = fund
    response = post(client, "/fhir/Claim/$submit", claim_body(member), bearer)
    assert fhir(response, ClaimResponse, 201).outcome == "complete"


def test_a_bundle_must_start_with_the_claim_and_errors_name_its_path(client, fund, bearer):
    member, _ = fund
    bundle = submit_bundle(member)
    bundle["entry"].reverse()
    issue = only_issue(post(client, "/fhir/Claim/$submit", bundle, bearer), 400, "structure")
    assert issue.expression == ["Bundle.entry[0].resource"]
    broken = submit_bundle(member)
    del broken["entry"][0]["resource"]["item"][0]["sequence"]
    outcome = fhir(post(client, "/fhir/Claim/$submit", broken, bearer), OperationOutcome, 400)
    assert [i.expression for i in outcome.issue] == [["Bundle.entry[0].resource.item[0].sequence"]]


def test_submit_is_an_operation_of_claim_only(client, fund, bearer):
    member, _ = fund
    response = post(client, "/fhir/CoverageEligibilityRequest/$submit", {}, bearer)
    assert only_issue(response, 405, "not-supported")
