"""The transfer file's content and the bank's return file, all or nothing."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from openamo.claims.models import Claim
from openamo.payments import services
from openamo.payments.bankfile import transfer_file_totals
from openamo.payments.models import OrderStatus, PaymentOrder, RunStatus
from tests.payments.builders import RIB_A, TODAY, officer, payer_create, valid_rib
from tests.payments.test_services import families, prepare  # noqa: F401


@pytest.fixture
def issued(families):  # noqa: F811
    user = officer()
    payer_create()
    run = services.payment_run_issue(run=prepare(by=user), by=user)
    return run, user


def test_the_transfer_file_lists_each_order_and_its_total(issued):
    run, _ = issued
    lines = run.bank_file.split("\r\n")
    assert lines[0] == (
        "reference_ordre;donneur_ordre;rib_donneur_ordre;rib_beneficiaire;"
        "nom_beneficiaire;montant;libelle"
    )
    fund_rib = valid_rib("3108101000123456789012")
    orders = list(run.orders.order_by("reference"))
    assert lines[1] == (
        f"{orders[0].reference};CNOPS Paiements;{fund_rib};{orders[0].rib};"
        f"{orders[0].payee_name};{orders[0].amount:.2f};REMB AMO {orders[0].reference}"
    )
    assert f";{RIB_A};Alaoui Karim;256.00;" in run.bank_file
    assert lines[3] == f"TOTAL;CNOPS Paiements;{fund_rib};;2 virements;352.00;{run.reference}"
    assert transfer_file_totals(run.bank_file) == (run.order_count, run.total) == (2, D("352.00"))


def _file(*rows):
    text = "reference_ordre;statut;motif;reference_banque\n" + "\n".join(rows) + "\n"
    return text.encode()


def test_the_return_file_settles_paid_and_rejected_orders(issued):
    run, user = issued
    first, second = run.orders.order_by("reference")
    paid, rejected = services.payment_returns_import(
        run=run,
        name="retour.csv",
        content=_file(f"{first.reference};payé;;VIR-1", f"{second.reference};rejeté;RIB inconnu;"),
        on=TODAY,
        by=user,
    )
    assert (paid, rejected) == (1, 1)
    first.refresh_from_db(), second.refresh_from_db(), run.refresh_from_db()
    assert (first.status, first.bank_reference) == (OrderStatus.PAID, "VIR-1")
    assert (second.status, second.rejection_reason) == (OrderStatus.REJECTED, "RIB inconnu")
    assert run.status == RunStatus.CLOSED


def test_a_bad_return_file_names_every_bad_line_and_changes_nothing(issued):
    run, user = issued
    first, second = run.orders.order_by("reference")
    content = _file(
        f"{first.reference};payé;;",
        "PAI-0000-99999-0001;payé;;",
        f"{second.reference};peut-être;;",
        f"{first.reference};rejeté;;",
    )
    with pytest.raises(ValidationError) as error:
        services.payment_returns_import(
            run=run, name="retour.csv", content=content, on=TODAY, by=user
        )
    assert error.value.message_dict["file"] == [
        "ligne 3, colonne reference_ordre : « PAI-0000-99999-0001 » n'est pas un ordre du lot",
        "ligne 4, colonne statut : « peut-être » : « payé » ou « rejeté » attendu",
        f"ligne 5, colonne reference_ordre : « {first.reference} » déjà en ligne 2",
        "ligne 5, colonne motif : le motif du rejet est obligatoire",
    ]
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.SENT}
    assert set(Claim.objects.values_list("status", flat=True)) == {"adjudicated"}


def test_a_return_file_without_its_columns_is_refused(issued):
    run, user = issued
    with pytest.raises(ValidationError) as error:
        services.payment_returns_import(
            run=run, name="retour.csv", content=b"ref;etat\nx;y\n", on=TODAY, by=user
        )
    assert error.value.message_dict["file"] == [
        "colonne(s) absente(s) de l'en-tête : reference_ordre, statut, motif"
    ]
