"""Finding 2 of the security audit: a provider submits only the lines it executed (the
prescriber may be anyone) and bills under a prise en charge only when it was granted to that
beneficiary; a refused submission names the lines and stores nothing."""

import json

import pytest

from openamo.api.fhir import systems
from openamo.claims.models import Claim
from tests.api.fhir_builders import claim_body as fhir_claim_body
from tests.api.world import world_create
from tests.claims.db_builders import BRAND, GP, PHARMACY

pytestmark = pytest.mark.django_db
URL = "/api/v1/claims/"


@pytest.fixture
def world(cnops):
    return world_create(cnops)


def line(executor, code="C", kind="act", **extra):
    return {
        "kind": kind,
        "code": code,
        "care_date": "2025-03-10",
        "executor_inpe": executor,
    } | extra


def post(client, body, token, url=URL, content_type="application/json"):
    return client.post(url, json.dumps(body), content_type=content_type, **token)


def body(beneficiary, *lines):
    return {
        "registration_number": beneficiary.registration_number,
        "rank": beneficiary.rank,
        "deposit_date": "2025-03-20",
        "lines": list(lines),
    }


def test_a_line_executed_by_another_provider_is_refused_and_nothing_stored(client, world):
    before = Claim.objects.count()
    mixed = body(
        world.family_a, line(GP), line(PHARMACY, BRAND, "medicine", quantity="2", charged="200.00")
    )
    refused = post(client, mixed, world.tokens["gp"])
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["lines.2.executor_inpe"]
    assert PHARMACY in refused.json()["errors"]["lines.2.executor_inpe"][0]
    assert Claim.objects.count() == before
    own = post(client, body(world.family_a, line(GP, prescriber_inpe=PHARMACY)), world.tokens["gp"])
    assert own.status_code == 201  # the prescriber may be anyone
    staff = post(client, mixed, world.tokens["processor"])
    assert staff.status_code == 201, (
        staff.content
    )  # staff keep keying paper claims for any executor


def test_fhir_claim_with_another_executors_line_is_refused(client, world):
    before = Claim.objects.count()
    refused = post(
        client,
        fhir_claim_body(world.family_a),  # the GP's consultation, the pharmacy's medicines
        world.tokens["gp"],
        url="/fhir/Claim",
        content_type="application/fhir+json",
    )
    assert refused.status_code == 400
    issues = refused.json()["issue"]
    assert [i["expression"] for i in issues] == [["Claim.item[1].careTeamSequence"]]
    assert PHARMACY in issues[0]["diagnostics"]
    assert Claim.objects.count() == before


def _clinic_line(world, ref):
    return line(
        world.users["clinic"].provider_access.provider.inpe,
        "CHIR-APP",
        "forfait",
        charged="6000",
        authorization_ref=ref,
    )


def test_direct_billing_needs_an_agreement_granted_to_that_beneficiary(client, world):
    ref, token = world.agreement.reference, world.tokens["clinic"]
    before = Claim.objects.count()
    for beneficiary, cited in ((world.family_b, ref), (world.family_a, "PEC-INCONNUE")):
        refused = post(client, body(beneficiary, _clinic_line(world, cited)), token)
        assert refused.status_code == 400, refused.content
        assert list(refused.json()["errors"]) == ["lines.1.authorization_ref"]
        assert (
            "aucune prise en charge accordée"
            in refused.json()["errors"]["lines.1.authorization_ref"][0]
        )
    assert Claim.objects.count() == before
    granted = post(client, body(world.family_a, _clinic_line(world, ref)), token)
    assert granted.status_code == 201, granted.content


def test_fhir_direct_billing_without_agreement_is_refused(client, world):
    clinic = world.users["clinic"].provider_access.provider.inpe
    claim = fhir_claim_body(world.family_b)
    claim["provider"] = {"identifier": {"system": systems.INPE, "value": clinic}}
    claim["item"] = claim["item"][:1]
    claim["insurance"][0]["preAuthRef"] = [world.agreement.reference]
    before = Claim.objects.count()
    refused = post(
        client,
        claim,
        world.tokens["clinic"],
        url="/fhir/Claim",
        content_type="application/fhir+json",
    )
    assert refused.status_code == 400
    assert refused.json()["issue"][0]["expression"] == ["Claim.insurance.preAuthRef"]
    assert Claim.objects.count() == before
