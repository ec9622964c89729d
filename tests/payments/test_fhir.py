"""PaymentReconciliation over FHIR: valid R4 without nulls, one detail per invoice, scoped."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from openamo.api.auth import api_token_create
from openamo.api.fhir.models import (
    Bundle,
    CapabilityStatement,
    OperationOutcome,
    PaymentReconciliation,
)
from openamo.payments import services
from tests.api.conftest import fhir
from tests.authorizations.builders import OTHER_CLINIC, provider_user
from tests.payments.builders import CLINIC, TODAY, clinic_invoices, officer, payer_create

pytestmark = pytest.mark.django_db


def bearer(user):
    _, raw = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def paid(admitted):
    member, _ = admitted
    invoices = clinic_invoices(member)
    payer_create()
    user = officer()
    run = services.payment_run_prepare(kind="provider", cut_off=TODAY, by=user)
    services.payment_run_issue(run=run, by=user)
    order = run.orders.get()
    services.payment_order_settle(
        order=order, paid=True, on=TODAY, by=user, bank_reference="VIR-2025-1"
    )
    return order, invoices


def test_the_clinic_reads_its_payment_with_one_detail_per_invoice(client, paid):
    order, invoices = paid
    headers = bearer(provider_user("accueil", CLINIC))
    resource = fhir(
        client.get(f"/fhir/PaymentReconciliation/{order.reference}", **headers),
        PaymentReconciliation,
    )
    assert (resource.id, resource.status, resource.outcome) == (
        order.reference,
        "active",
        "complete",
    )
    assert resource.paymentAmount.value == order.amount
    assert resource.paymentDate.isoformat() == TODAY.isoformat()
    assert resource.paymentIdentifier.value == "VIR-2025-1"
    assert resource.requestor.identifier.value == CLINIC
    assert [(d.identifier.value, d.amount.value) for d in resource.detail] == [
        (i.reference, i.amount_accepted) for i in sorted(invoices, key=lambda i: i.pk)
    ]
    assert sum(d.amount.value for d in resource.detail) == order.amount


def test_search_by_requestor_and_date(client, paid):
    order, _ = paid
    headers = bearer(officer("compta"))
    url = "/fhir/PaymentReconciliation"
    found = fhir(client.get(url, {"requestor": f"Organization/{CLINIC}"}, **headers), Bundle)
    assert [e.resource.id for e in found.entry] == [order.reference]
    today = TODAY.isoformat()
    assert fhir(client.get(url, {"created": f"ge{today}"}, **headers), Bundle).total == 1
    assert fhir(client.get(url, {"created": f"lt{today}"}, **headers), Bundle).total == 0
    assert fhir(client.get(url, {"requestor": OTHER_CLINIC}, **headers), Bundle).total == 0
    bad = fhir(client.get(url, {"created": "hier"}, **headers), OperationOutcome, 400)
    assert bad.issue[0].expression == ["created"]
    unknown = fhir(client.get(url, {"payee": "x"}, **headers), OperationOutcome, 400)
    assert "payee" in unknown.issue[0].diagnostics


def test_another_establishment_and_other_users_do_not_see_it(client, paid):
    order, _ = paid
    other = bearer(provider_user("autre", OTHER_CLINIC))
    url = f"/fhir/PaymentReconciliation/{order.reference}"
    fhir(client.get(url, **other), OperationOutcome, 404)
    found = fhir(client.get("/fhir/PaymentReconciliation", {"requestor": CLINIC}, **other), Bundle)
    assert found.total == 0
    nobody = get_user_model().objects.create_user("curieux", password="x")
    nobody.user_permissions.add(Permission.objects.get(codename="view_claim"))
    fhir(client.get(url, **bearer(nobody)), OperationOutcome, 404)
    fhir(client.get("/fhir/PaymentReconciliation", **bearer(nobody)), OperationOutcome, 403)


def test_the_capability_statement_lists_it(client):
    statement = fhir(client.get("/fhir/metadata"), CapabilityStatement)
    resource = next(r for r in statement.rest[0].resource if r.type == "PaymentReconciliation")
    assert [i.code for i in resource.interaction] == ["read", "search-type"]
    assert {(p.name, p.type) for p in resource.searchParam} == {
        ("requestor", "reference"),
        ("created", "date"),
        ("identifier", "token"),
    }
