"""Calls, receipts, matching (partial, several calls, overpayment) and arrears."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from openamo.contributions import services
from openamo.contributions.models import ContributionCall, ReceiptAllocation
from openamo.contributions.selectors import (
    arrears_by_employer,
    arrears_list,
    call_list,
    receipt_list,
)

from .helpers import csv_bytes, employer_make, member_make


@pytest.fixture
def company(cnss):
    return employer_make(cnss, name="Atlas SARL", cnss_number="1234567")


@pytest.fixture
def worker(cnss, company):
    return member_make(cnss, company, "BE100001", registered_on=date(2023, 1, 1))


def declare(company, worker, month, salary):
    content = csv_bytes(f"{worker.registration_number};;{salary};26;")
    outcome = services.declaration_import(
        employer=company, period=month, name="d.csv", content=content
    )
    assert outcome.ok, outcome.errors
    return outcome.declaration.call


def pay(company, amount, reference, received_on=date(2024, 6, 5), **kw):
    return services.receipt_record(
        employer=company,
        amount=D(amount),
        received_on=received_on,
        channel="transfer",
        reference=reference,
        **kw,
    )


def balances(employer):
    return {c.period.month: (c.paid, c.outstanding) for c in call_list(employer_id=employer.pk)}


def test_partial_payment_then_a_receipt_spread_over_two_calls_then_overpayment(company, worker):
    declare(company, worker, date(2024, 4, 1), "10000")  # 637.00
    declare(company, worker, date(2024, 5, 1), "20000")  # 1 274.00
    pay(company, "500", "VIR-1")
    assert balances(company) == {4: (D("500.00"), D("137.00")), 5: (D("0.00"), D("1274.00"))}
    pay(company, "1000", "VIR-2")
    assert balances(company) == {4: (D("637.00"), D("0.00")), 5: (D("863.00"), D("411.00"))}
    third = pay(company, "500", "VIR-3")
    assert balances(company)[5] == (D("1274.00"), D("0.00"))
    credit = receipt_list(employer_id=company.pk).get(pk=third.pk)
    assert (credit.allocated, credit.left_over) == (D("411.00"), D("89.00"))
    # the credit is placed on the next call as soon as it is issued
    declare(company, worker, date(2024, 6, 1), "10000")
    assert balances(company)[6] == (D("89.00"), D("548.00"))
    assert receipt_list(employer_id=company.pk).get(pk=third.pk).left_over == D("0.00")


def test_a_receipt_can_be_matched_to_chosen_calls(company, worker):
    april = declare(company, worker, date(2024, 4, 1), "10000")
    may = declare(company, worker, date(2024, 5, 1), "10000")
    receipt = pay(company, "700", "VIR-9", match=False)
    services.receipt_match(receipt=receipt, calls=[may, april])
    assert balances(company) == {4: (D("63.00"), D("574.00")), 5: (D("637.00"), D("0.00"))}
    other = employer_make(company.scheme, name="Rif SA", cnss_number="7654321")
    stray = pay(other, "10", "VIR-10", match=False)
    with pytest.raises(ValidationError):
        services.receipt_match(receipt=stray, calls=[april])


def test_the_same_transfer_cannot_be_recorded_twice(company):
    pay(company, "100", "VIR-1")
    with pytest.raises(ValidationError, match="déjà enregistré"):
        pay(company, "100", " VIR-1 ")


def test_a_replaced_declaration_gives_back_what_its_call_no_longer_owes(company, worker):
    declare(company, worker, date(2024, 4, 1), "20000")  # 1 274.00
    pay(company, "1274", "VIR-1")
    content = csv_bytes(f"{worker.registration_number};;10000;26;")
    services.declaration_import(
        employer=company, period=date(2024, 4, 1), name="d.csv", content=content, replace=True
    )
    assert balances(company) == {4: (D("637.00"), D("0.00"))}
    assert receipt_list(employer_id=company.pk).get().left_over == D("637.00")
    assert sum(a.amount for a in ReceiptAllocation.objects.all()) == D("637.00")


def test_arrears_amounts_and_days_late(company, worker, cnss):
    declare(company, worker, date(2024, 4, 1), "10000")  # due 10/05, 637.00
    declare(company, worker, date(2024, 5, 1), "10000")  # due 10/06
    pay(company, "137", "VIR-1")
    other = employer_make(cnss, name="Rif SA", cnss_number="7654321")
    late = member_make(cnss, other, "BE200001", registered_on=date(2023, 1, 1))
    declare(other, late, date(2024, 4, 1), "30000")  # 1 911.00
    assert arrears_list(on=date(2024, 5, 10)) == []
    rows = arrears_list(on=date(2024, 6, 20))
    assert [
        (r.call.employer.name, r.call.period.month, r.outstanding, r.days_late) for r in rows
    ] == [
        ("Atlas SARL", 4, D("500.00"), 41),
        ("Atlas SARL", 5, D("637.00"), 10),
        ("Rif SA", 4, D("1911.00"), 41),
    ]
    summary = arrears_by_employer(on=date(2024, 6, 20))
    assert [(e.employer_name, e.calls, e.outstanding, e.max_days_late) for e in summary] == [
        ("Rif SA", 1, D("1911.00"), 41),
        ("Atlas SARL", 2, D("1137.00"), 41),
    ]
    pay(company, "1137", "VIR-2")
    assert [r.call.employer.name for r in arrears_list(on=date(2024, 6, 20))] == ["Rif SA"]
    assert ContributionCall.objects.count() == 3
