"""Runs against the database: amounts to the centime, one order per payee, nothing paid twice,
holds and missing RIBs skipped, rejected orders paid again by a later run."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openamo.authorizations.models import Invoice
from openamo.claims.models import Claim, ClaimTransition
from openamo.payments import services
from openamo.payments.models import OrderStatus, PaymentItem, PaymentRun, RunStatus
from tests.authorizations.builders import provider
from tests.payments.builders import (
    CLINIC,
    DAY,
    RIB_A,
    TODAY,
    claim_paid_by_fund,
    clinic_invoices,
    officer,
    other_member,
    payer_create,
    rib_set,
)


@pytest.fixture
def families(fund, cnops):
    member, child = fund
    rib_set(member.member, RIB_A)
    other = other_member(cnops)
    claims = [
        claim_paid_by_fund(member),  # 64.00
        claim_paid_by_fund(child, day=DAY + timedelta(days=1), coefficient=3),  # 192.00
        claim_paid_by_fund(other.beneficiaries.get(rank=0), coefficient="1.5"),  # 96.00
    ]
    return member.member, other, claims


def prepare(kind="insured", by=None):
    return services.payment_run_prepare(kind=kind, cut_off=TODAY, by=by)


def test_one_order_per_family_with_its_claims_to_the_centime(families):
    member, other, claims = families
    run = prepare()
    assert (run.status, run.order_count, run.item_count, run.total) == (
        RunStatus.PREPARED,
        2,
        3,
        D("352.00"),
    )
    orders = {o.member_id: o for o in run.orders.all()}
    assert (orders[member.pk].amount, orders[member.pk].rib) == (D("256.00"), RIB_A)
    assert orders[other.pk].amount == D("96.00")
    assert sorted(orders[member.pk].items.values_list("amount", flat=True)) == [
        D("64.00"),
        D("192.00"),
    ]
    assert orders[member.pk].payee_name == "Alaoui Karim"


def test_nothing_is_paid_twice_when_a_second_run_is_prepared(families):
    prepare()
    with pytest.raises(ValidationError) as error:
        prepare()
    assert "aucun dossier liquidé à rembourser" in error.value.message_dict["cut_off"][0]
    assert PaymentRun.objects.count() == 1
    item = PaymentItem.objects.filter(claim__isnull=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says no too
        PaymentItem.objects.create(order=item.order, claim=item.claim, amount=D("1.00"))


def test_held_family_and_member_without_rib_are_skipped_and_listed(families, admin_user):
    member, other, claims = families
    services.payment_hold_set(member=member, reason="enquête", starts_on=TODAY, by=admin_user)
    rib_set(other, "")
    with pytest.raises(ValidationError) as error:
        prepare()
    assert "3 pièce(s) écartée(s)" in error.value.message_dict["cut_off"][0]
    rib_set(other, "007780000099887766554403")
    run = prepare()
    assert (run.order_count, run.total, run.skipped_count, run.skipped_total) == (
        1,
        D("96.00"),
        2,
        D("256.00"),
    )
    assert set(run.skipped.values_list("code", "message")) == {
        ("held", "opposition au paiement en cours")
    }


def test_a_lifted_hold_lets_the_next_run_pay(families, admin_user):
    member, _, claims = families
    hold = services.payment_hold_set(
        claim=claims[0], reason="doublon suspecté", starts_on=TODAY, by=admin_user
    )
    first = prepare()
    assert first.total == D("288.00") and first.skipped.get().claim == claims[0]
    services.payment_hold_lift(hold=hold, by=admin_user, reason="contrôle sans suite")
    second = prepare()
    assert (second.total, second.item_count) == (D("64.00"), 1)


def test_issue_settle_paid_and_rejected_then_paid_again(families):
    member, other, claims = families
    user = officer()
    payer_create()
    run = services.payment_run_issue(run=prepare(by=user), by=user)
    assert run.status == RunStatus.ISSUED and run.payer_name == "CNOPS Paiements"
    orders = {o.member_id: o for o in run.orders.all()}
    assert {o.status for o in orders.values()} == {OrderStatus.SENT}
    services.payment_order_settle(order=orders[member.pk], paid=True, on=TODAY, by=user)
    services.payment_order_settle(
        order=orders[other.pk], paid=False, reason="compte clôturé", on=TODAY, by=user
    )
    run.refresh_from_db()
    assert run.status == RunStatus.CLOSED
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in claims] == ["paid", "paid", "adjudicated"]
    last = ClaimTransition.objects.filter(claim=claims[0]).last()
    assert (last.from_status, last.to_status, last.by) == ("adjudicated", "paid", user)
    assert orders[member.pk].reference in last.reason
    # the rejected claim is paid by the next run to the corrected RIB
    rib_set(other, "007780000099887766554403")
    again = prepare(by=user)
    order = again.orders.get()
    assert (order.member_id, order.amount, order.rib) == (
        other.pk,
        D("96.00"),
        "007780000099887766554403",
    )
    with pytest.raises(ValidationError):  # an order settles once
        services.payment_order_settle(order=orders[member.pk], paid=True, on=TODAY, by=user)


def test_settle_all_pays_every_order_and_refuses_a_prepared_run(families):
    user = officer()
    payer_create()
    run = prepare(by=user)
    with pytest.raises(ValidationError):
        services.payment_run_settle_all(run=run, on=TODAY, by=user)
    services.payment_run_issue(run=run, by=user)
    assert services.payment_run_settle_all(run=run, on=TODAY, by=user) == 2
    assert set(Claim.objects.values_list("status", flat=True)) == {"paid"}
    with pytest.raises(ValidationError) as error:
        services.payment_run_issue(run=run, by=user)
    assert "status" in error.value.message_dict


def test_issue_needs_the_fund_account(families):
    run = prepare()
    with pytest.raises(ValidationError) as error:
        services.payment_run_issue(run=run, by=None)
    assert "donneur d'ordre" in error.value.message_dict["payer"][0]
    assert PaymentRun.objects.get().status == RunStatus.PREPARED


def test_provider_run_pays_accepted_invoices_and_marks_them_paid(admitted):
    member, _ = admitted
    invoices = clinic_invoices(member)
    expected = sum(i.amount_accepted for i in invoices)
    assert expected > 0
    user = officer()
    payer_create()
    run = prepare("provider", by=user)
    order = run.orders.get()
    assert (order.provider, order.amount, run.total) == (provider(CLINIC), expected, expected)
    assert order.rib == "011780000012345678901296"
    services.payment_run_issue(run=run, by=user)
    services.payment_run_settle_all(run=run, on=TODAY, by=user)
    assert set(Invoice.objects.values_list("status", "paid_on")) == {("paid", TODAY)}
    with pytest.raises(ValidationError):
        prepare("provider")


def test_a_held_provider_is_skipped(admitted, admin_user):
    member, _ = admitted
    clinic_invoices(member, count=1)
    services.payment_hold_set(
        provider=provider(CLINIC), reason="contrôle", starts_on=TODAY, by=admin_user
    )
    with pytest.raises(ValidationError):
        prepare("provider")


def test_hold_and_run_inputs_are_checked(families, admin_user):
    member, other, claims = families
    with pytest.raises(ValidationError) as error:
        services.payment_hold_set(
            member=member, claim=claims[0], reason="x", starts_on=TODAY, by=None
        )
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.payment_hold_set(member=member, reason=" ", starts_on=TODAY, by=None)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.payment_run_prepare(kind="insured", cut_off=TODAY + timedelta(days=1), by=None)
    assert "cut_off" in error.value.message_dict
    hold = services.payment_hold_set(member=member, reason="x", starts_on=TODAY, by=admin_user)
    with pytest.raises(ValidationError):
        services.payment_hold_lift(hold=hold, by=admin_user, reason="")
    services.payment_hold_lift(hold=hold, by=admin_user, reason="levée")
    with pytest.raises(ValidationError):
        services.payment_hold_lift(hold=hold, by=admin_user, reason="encore")
