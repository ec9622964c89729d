"""The payment officer's pages end to end, and what insured people and providers see."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from openamo.authorizations.models import ProviderAccess
from openamo.payments.models import OrderStatus, PaymentHold, PaymentRun, RunStatus
from openamo.referentials.models import Provider
from tests.authorizations.builders import OTHER_CLINIC, provider_user
from tests.payments.builders import (
    CLINIC,
    TODAY,
    clinic_invoices,
    insured_user,
    officer,
    payer_create,
)
from tests.payments.test_services import families  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, families):  # noqa: F811
    payer_create()
    client.force_login(officer())
    return client


def _prepare(client, kind="insured"):
    response = client.post(
        reverse("portal:payments:prepare"), {"kind": kind, "cut_off": TODAY.isoformat()}
    )
    run = PaymentRun.objects.order_by("-id").first()
    return response, run


def test_officer_prepares_issues_downloads_and_settles(desk):
    response, run = _prepare(desk)
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:payments:run", args=[run.reference]
    )
    page = desk.get(response["Location"]).content.decode()
    assert "352,00" in page and "Alaoui Karim" in page and "Émettre les virements" in page
    assert desk.get(reverse("portal:payments:run_file", args=[run.reference])).status_code == 404
    desk.post(reverse("portal:payments:run_issue", args=[run.reference]))
    file = desk.get(reverse("portal:payments:run_file", args=[run.reference]))
    assert file["Content-Disposition"] == f'attachment; filename="virements-{run.reference}.csv"'
    assert file.content.decode().splitlines()[-1].endswith(f";2 virements;352.00;{run.reference}")
    response = desk.post(
        reverse("portal:payments:run_settle_all", args=[run.reference]), {"on": TODAY}
    )
    run.refresh_from_db()
    assert run.status == RunStatus.CLOSED
    assert "2 ordre(s) marqué(s) payé(s)" in desk.get(response["Location"]).content.decode()


def test_an_empty_run_is_refused_on_the_form(desk):
    _prepare(desk)
    response, _ = _prepare(desk)
    assert response.status_code == 200
    assert "aucun dossier liquidé à rembourser" in response.content.decode()
    assert PaymentRun.objects.count() == 1


def test_run_orders_sort_filter_and_export(desk):
    _, run = _prepare(desk)
    url = reverse("portal:payments:run", args=[run.reference])
    page = desk.get(url, {"tri": "-montant"}).content.decode()
    assert page.index("256,00") < page.index("96,00")
    assert "Bennis" not in desk.get(url, {"q": "Alaoui"}).content.decode()
    csv = desk.get(url, {"export": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("reference;beneficiaire;identifiant;rib;montant")
    assert ";256,00;Ordonnancé;" in text
    book = load_workbook(__import__("io").BytesIO(desk.get(url, {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Ordre" and len(rows) == 3
    runs = desk.get(reverse("portal:payments:runs"), {"export": "csv"})
    assert run.reference in b"".join(runs.streaming_content).decode("utf-8-sig")


def test_settle_one_order_needs_a_reason_to_reject(desk):
    _, run = _prepare(desk)
    desk.post(reverse("portal:payments:run_issue", args=[run.reference]))
    order = run.orders.order_by("reference").first()
    url = reverse("portal:payments:order", args=[order.reference])
    response = desk.post(url, {"outcome": "rejected", "on": TODAY, "reason": ""})
    assert "Le motif du rejet est obligatoire." in response.content.decode()
    desk.post(url, {"outcome": "rejected", "on": TODAY, "reason": "RIB clôturé"})
    order.refresh_from_db()
    assert (order.status, order.rejection_reason) == (OrderStatus.REJECTED, "RIB clôturé")


def test_a_bad_return_file_is_reported_line_by_line(desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, run = _prepare(desk)
    desk.post(reverse("portal:payments:run_issue", args=[run.reference]))
    upload = SimpleUploadedFile("retour.csv", b"reference_ordre;statut;motif\nNOPE;paye;\n")
    response = desk.post(
        reverse("portal:payments:run_returns", args=[run.reference]),
        {"file": upload, "on": TODAY},
        follow=True,
    )
    page = response.content.decode()
    assert "Fichier retour refusé, rien n&#x27;a été enregistré" in page
    assert "Ligne 2, colonne reference_ordre : « NOPE » n&#x27;est pas un ordre du lot" in page


def test_holds_set_with_a_named_field_error_then_lifted(desk, families):  # noqa: F811
    member, _, _ = families
    url = reverse("portal:payments:holds")
    data = {"target_kind": "member", "target": "000", "reason": "enquête", "starts_on": TODAY}
    response = desk.post(url, data)
    assert "aucun assuré n&#x27;a ce n° d&#x27;immatriculation" in response.content.decode()
    desk.post(url, data | {"target": member.registration_number})
    hold = PaymentHold.objects.get()
    assert hold.member == member and hold.set_by.username == "ordonnateur"
    assert "En vigueur" in desk.get(url).content.decode()
    desk.post(reverse("portal:payments:hold_lift", args=[hold.pk]), {"reason": "sans suite"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "sans suite"


def test_the_insured_sees_its_family_payments_only(client, desk, families, cnops):  # noqa: F811
    member, other, claims = families
    _, run = _prepare(desk)
    mine = run.orders.get(member=member)
    theirs = run.orders.get(member=other)
    client.force_login(insured_user(member))
    page = client.get(reverse("portal:payments:insured")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert claims[0].reference in page and "256,00" in page
    detail = client.get(reverse("portal:payments:portal_order", args=[mine.reference]))
    assert detail.status_code == 200 and claims[1].reference in detail.content.decode()
    other_url = reverse("portal:payments:portal_order", args=[theirs.reference])
    assert client.get(other_url).status_code == 404


def test_the_provider_sees_its_establishment_payments_only(client, admitted):
    member, _ = admitted
    invoices = clinic_invoices(member)
    payer_create()
    client.force_login(officer())
    client.post(reverse("portal:payments:prepare"), {"kind": "provider", "cut_off": TODAY})
    order = PaymentRun.objects.get().orders.get()
    client.force_login(provider_user("accueil", CLINIC))
    page = client.get(reverse("portal:payments:provider")).content.decode()
    assert order.reference in page and invoices[0].number in page
    detail = client.get(reverse("portal:payments:portal_order", args=[order.reference]))
    assert detail.status_code == 200
    client.force_login(provider_user("autre", OTHER_CLINIC))
    assert order.reference not in client.get(reverse("portal:payments:provider")).content.decode()
    other = client.get(reverse("portal:payments:portal_order", args=[order.reference]))
    assert other.status_code == 404
    assert ProviderAccess.objects.filter(provider=Provider.objects.get(inpe=CLINIC)).exists()


def test_the_run_page_lists_what_was_skipped_and_why(desk, families):  # noqa: F811
    from openamo.payments import services

    member, _, claims = families
    services.payment_hold_set(claim=claims[0], reason="contrôle", starts_on=TODAY, by=None)
    _, run = _prepare(desk)
    page = desk.get(reverse("portal:payments:run", args=[run.reference])).content.decode()
    assert "Pièces écartées de ce lot" in page
    assert f"Dossier {claims[0].reference}" in page and "opposition au paiement en cours" in page


def test_a_provider_order_lists_its_invoices_for_the_officer(client, admitted):
    member, _ = admitted
    invoices = clinic_invoices(member)
    payer_create()
    client.force_login(officer())
    client.post(reverse("portal:payments:prepare"), {"kind": "provider", "cut_off": TODAY})
    run = PaymentRun.objects.get()
    assert (
        "Clinique Atlas"
        in client.get(reverse("portal:payments:run", args=[run.reference])).content.decode()
    )
    order = run.orders.get()
    page = client.get(reverse("portal:payments:order", args=[order.reference])).content.decode()
    for invoice in invoices:
        assert invoice.reference in page and invoice.number in page


def test_the_admin_lists_payments_read_only(admin_client, desk):
    _, run = _prepare(desk)
    for model in ("payeraccount", "paymentrun", "paymentorder", "paymenthold"):
        assert admin_client.get(reverse(f"admin:payments_{model}_changelist")).status_code == 200
    order = run.orders.first()
    url = reverse("admin:payments_paymentorder_change", args=[order.pk])
    assert admin_client.get(url).status_code == 200


def test_a_run_prepared_by_a_scheduled_job_shows_no_one_by_name(desk, families):  # noqa: F811
    from openamo.payments import services

    member, _, claims = families
    services.payment_hold_set(claim=claims[0], reason="contrôle", starts_on=TODAY, by=None)
    run = services.payment_run_prepare(kind="insured", cut_off=TODAY, by=None)
    services.payment_run_issue(run=run, by=None)
    for url in (
        reverse("portal:payments:runs"),
        reverse("portal:payments:run", args=[run.reference]),
        reverse("portal:payments:holds"),
    ):
        response = desk.get(url)
        assert response.status_code == 200, url
        assert "traitement automatique" in response.content.decode(), url
