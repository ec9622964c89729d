"""Idempotency keys on every submission: a retry with the same key and payload returns the
first record (201 then 200, same body, nothing more stored); another payload under the same key,
or the key of another user, is a 409 naming `Idempotency-Key`."""

import json
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from openamo.api.idempotency import IdempotencyConflict, fingerprint, remember
from openamo.api.models import IdempotentSubmission
from openamo.authorizations.models import AuthorizationRequest, Invoice, InvoiceBatch
from openamo.claims.models import Claim
from openamo.contributions.models import Declaration
from tests.api.test_api_scoping import batch_body, claim_body, declaration_body, request_body
from tests.api.world import agreement_make, world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cnops):
    return world_create(cnops)


def _post(client, url, body, token, key):
    return client.post(
        url, json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **token
    )


def _retried(client, url, body, token, key, model):
    first = _post(client, url, body, token, key)
    assert first.status_code == 201, first.content
    stored = model.objects.count()
    again = _post(client, url, body, token, key)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert model.objects.count() == stored
    return first.json()


def _conflicts(client, url, body, token, key):
    response = _post(client, url, body, token, key)
    assert response.status_code == 409, response.content
    answer = response.json()
    assert list(answer["errors"]) == ["Idempotency-Key"]
    assert answer["detail"].startswith("clé déjà utilisée")


def test_claims(client, world):
    url, gp = "/api/v1/claims/", world.tokens["gp"]
    body = claim_body(world)
    first = _retried(client, url, body, gp, "gp-0001", Claim)
    assert first["idempotency_key"] == "gp-0001" and first["status"] == "received"
    body["deposit_date"] = "2025-03-21"
    _conflicts(client, url, body, gp, "gp-0001")
    _conflicts(client, url, claim_body(world), world.tokens["processor"], "gp-0001")
    assert Claim.objects.filter(idempotency_key="gp-0001").count() == 1


def test_the_body_field_still_works_and_must_agree_with_the_header(client, world):
    url, gp = "/api/v1/claims/", world.tokens["gp"]
    body = claim_body(world) | {"idempotency_key": "gp-body"}
    first = client.post(url, json.dumps(body), content_type="application/json", **gp)
    again = client.post(url, json.dumps(body), content_type="application/json", **gp)
    assert (first.status_code, again.status_code) == (201, 200)
    clash = _post(client, url, body, gp, "gp-header")
    assert clash.status_code == 400 and "Idempotency-Key" in clash.json()["errors"]
    too_long = _post(client, url, claim_body(world), gp, "k" * 101)
    assert too_long.json()["errors"] == {"Idempotency-Key": ["100 caractères au plus"]}


def test_a_key_taken_outside_the_api_is_a_conflict(client, world):
    Claim.objects.filter(pk=world.claim.pk).update(idempotency_key="form-123")
    _conflicts(client, "/api/v1/claims/", claim_body(world), world.tokens["gp"], "form-123")


def test_authorisation_requests(client, world):
    url, clinic = "/api/v1/authorizations/requests", world.tokens["clinic"]
    body = request_body(world)
    first = _retried(client, url, body, clinic, "atlas-77", AuthorizationRequest)
    assert (first["status"], first["amount_covered"], first["copayment"]) == (
        "approved",
        "5400.00",
        "600.00",
    )
    body["diagnosis"] = "K35.9"
    _conflicts(client, url, body, clinic, "atlas-77")
    _conflicts(client, url, request_body(world), world.tokens["other_clinic"], "atlas-77")


def fresh_batch_body(world, number):
    """A batch received today for care five days ago, under an agreement for family B."""
    today = timezone.localdate()
    agreement = agreement_make(world.family_b, start=today - timedelta(days=5))
    body = batch_body(world, number)
    body["invoices"][0] |= {
        "agreement": agreement.reference,
        "issued_on": str(today - timedelta(days=1)),
    }
    body["invoices"][0]["lines"][0]["care_date"] = str(today - timedelta(days=5))
    return body


def test_invoice_batches(client, world):
    body = fresh_batch_body(world, "F-2")
    url, clinic = "/api/v1/authorizations/invoice-batches", world.tokens["clinic"]
    first = _retried(client, url, body, clinic, "brd-2", InvoiceBatch)
    assert (first["status"], first["amount_claimed"], first["amount_accepted"]) == (
        "accepted",
        "6000.00",
        "5400.00",
    )
    (invoice,) = first["invoices"]
    assert (invoice["status"], invoice["remaining"]) == ("accepted", "600.00")
    assert Invoice.objects.filter(number="F-2").count() == 1
    body["invoices"][0]["number"] = "F-3"
    _conflicts(client, url, body, clinic, "brd-2")


def test_declarations(client, world):
    url, employer = "/api/v1/contributions/declarations", world.tokens["employer_1"]
    body = declaration_body(world)
    first = _retried(client, url, body, employer, "paie-2026", Declaration)
    assert (first["contribution_total"], first["idempotency_key"]) == ("500.00", "paie-2026")
    body["lines"][0]["gross_salary"] = "12000"
    _conflicts(client, url, body, employer, "paie-2026")
    assert Declaration.objects.get(pk=first["id"]).contribution_total == D("500.00")


def test_a_concurrent_request_that_recorded_the_key_first_wins(world):
    """The race's last step: the second writer finds the key recorded; same payload and user
    is the same record, anything else a conflict (and its transaction is rolled back)."""
    user, digest = world.users["gp"], fingerprint({"a": 1})
    remember(kind="claim", key="k", user=user, fingerprint=digest, reference="DM1")
    remember(kind="claim", key="k", user=user, fingerprint=digest, reference="DM1")
    with pytest.raises(IdempotencyConflict):
        remember(
            kind="claim", key="k", user=user, fingerprint=fingerprint({"a": 2}), reference="DM1"
        )
    with pytest.raises(IdempotencyConflict):
        remember(
            kind="claim", key="k", user=world.users["pharmacy"], fingerprint=digest, reference="DM1"
        )
    assert IdempotentSubmission.objects.filter(key="k").count() == 1


def _race(url, body, token, key, threads=4):
    """The same submission sent by several threads at once (PostgreSQL only: SQLite's test
    database is one connection)."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection
    from django.test import Client

    barrier = Barrier(threads)

    def send(_):
        try:
            barrier.wait()
            return _post(Client(), url, body, token, key).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        return sorted(pool.map(send, range(threads)))


@pytest.mark.django_db(transaction=True)
def test_a_race_on_one_key_makes_one_record(cnops):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    world = world_create(cnops)
    statuses = _race("/api/v1/claims/", claim_body(world), world.tokens["gp"], "race-1")
    assert statuses == [200, 200, 200, 201]
    assert Claim.objects.filter(idempotency_key="race-1").count() == 1
    url = "/api/v1/contributions/declarations"
    statuses = _race(url, declaration_body(world), world.tokens["employer_1"], "race-2")
    assert statuses == [200, 200, 200, 201]
    assert Declaration.objects.filter(idempotency_key="race-2").count() == 1
    url, body = "/api/v1/authorizations/invoice-batches", fresh_batch_body(world, "F-9")
    assert _race(url, body, world.tokens["clinic"], "race-3") == [200, 200, 200, 201]
    assert InvoiceBatch.objects.filter(idempotency_key="race-3").count() == 1
    assert Invoice.objects.filter(number="F-9").count() == 1
    url, body = "/api/v1/authorizations/requests", request_body(world)
    assert _race(url, body, world.tokens["clinic"], "race-4") == [200, 200, 200, 201]
    assert AuthorizationRequest.objects.filter(idempotency_key="race-4").count() == 1
