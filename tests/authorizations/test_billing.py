"""Provider billing against agreements: dialysis yearly agreement and its sessions, an invoice
above its agreement, acts not agreed, late billing, batches beyond 30 invoices, payment dates."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from openamo.authorizations import services
from openamo.authorizations.invoicing import (
    InvoiceInput,
    InvoiceLineInput,
    invoice_batch_submit,
    invoice_mark_paid,
)
from openamo.authorizations.models import Invoice
from openamo.notifications.models import Notification
from tests.authorizations.builders import (
    CLINIC,
    DAY,
    DIALYSIS_CENTRE,
    SURGERY_ACTS,
    docs,
    exemption_grant,
    kind,
    provider,
)
from tests.authorizations.test_requests import NOW, submit

JAN = date(2025, 1, 6)


@pytest.fixture
def dialysis(admitted):
    member, _ = admitted
    exemption_grant(member)
    return services.authorization_submit(
        provider=provider(DIALYSIS_CENTRE),
        beneficiary=member,
        authorization_type=kind("DIAL"),
        diagnosis="N18.5",
        ald_code="ALD24",
        planned_start=JAN,
        sessions_per_week=3,
        acts=[services.ActInput("forfait", "DIAL-SEANCE", charged=D("850"))],
        documents=docs("DEMANDE", "BILAN_RENAL", "SEROLOGIE"),
        now=NOW,
    )


def sessions(month_start: date, count: int, charged="850"):
    return [
        InvoiceLineInput("forfait", "DIAL-SEANCE", month_start + timedelta(days=2 * k), D(charged))
        for k in range(count)
    ]


def test_dialysis_one_yearly_agreement_for_the_sessions_per_week(dialysis):
    request = dialysis
    assert (request.status, request.valid_from, request.valid_to) == (
        "approved",
        JAN,
        date(2026, 1, 5),
    )
    act = request.acts.get()
    assert (act.quantity, act.granted_quantity) == (D("156.00"), D("156.00"))  # 3 × 52 weeks
    # the ALD exemption: 100 % of 156 × 850
    assert (request.amount_covered, request.copayment, request.exemption_applied) == (
        D("132600.00"),
        D("0.00"),
        "ALD24",
    )
    with pytest.raises(ValidationError) as error:  # one agreement per year
        services.authorization_submit(
            provider=provider(DIALYSIS_CENTRE),
            beneficiary=request.beneficiary,
            authorization_type=kind("DIAL"),
            diagnosis="N18.5",
            planned_start=date(2025, 6, 1),
            sessions_per_week=2,
            acts=[services.ActInput("forfait", "DIAL-SEANCE")],
            documents=docs("DEMANDE", "CR_MED"),
            stage="renewal",
        )
    assert request.reference in error.value.message_dict["planned_start"][0]


def test_dialysis_sessions_are_billed_monthly_against_the_agreement(dialysis):
    batch = invoice_batch_submit(
        provider=provider(DIALYSIS_CENTRE),
        received_on=date(2025, 2, 10),
        invoices=[
            InvoiceInput(dialysis.reference, "HD-2025-01", date(2025, 2, 3), sessions(JAN, 13)),
            InvoiceInput(
                dialysis.reference, "HD-2025-02", date(2025, 2, 9), sessions(date(2025, 2, 3), 3)
            ),
        ],
    )
    january, february = batch.invoices.order_by("number")
    assert (january.status, january.amount_charged, january.amount_accepted, january.remaining) == (
        "accepted",
        D("11050.00"),
        D("11050.00"),
        D("0.00"),
    )
    assert (january.payment_due_on, january.legal_due_on) == (date(2025, 3, 12), date(2025, 4, 11))
    assert february.amount_accepted == D("2550.00")
    assert batch.amount_accepted == D("13600.00")
    assert Notification.objects.filter(event="care_billed").count() == 2


def test_sessions_beyond_the_granted_quantity_are_cut(dialysis):
    dialysis.acts.update(granted_quantity=D(14))
    batch = invoice_batch_submit(
        provider=provider(DIALYSIS_CENTRE),
        received_on=date(2025, 2, 10),
        invoices=[
            InvoiceInput(dialysis.reference, "HD-1", date(2025, 2, 3), sessions(JAN, 13)),
            InvoiceInput(
                dialysis.reference, "HD-2", date(2025, 2, 9), sessions(date(2025, 2, 3), 2)
            ),
        ],
    )
    second = batch.invoices.get(number="HD-2")
    assert (second.status, second.amount_accepted) == ("reduced", D("850.00"))
    cut = second.lines.get(number=2).reasons[-1]
    assert cut["code"] == "quantity_beyond_agreement" and cut["amount"] == "850.00"


def test_an_invoice_above_its_agreement_is_reduced_with_a_reason(admitted):
    member, _ = admitted
    request = submit(
        member,
        acts=[services.ActInput("forfait", "CHIR-APP", charged=D("5000"))],
    )
    assert request.amount_covered == D("4500.00")  # 90 % of the 5,000 estimated
    batch = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=20),
        invoices=[
            InvoiceInput(
                request.reference,
                "FAC-77",
                DAY + timedelta(days=10),
                [
                    InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6500")),
                    InvoiceLineInput("act", "K", DAY, D("675"), coefficient=D(30)),
                ],
            )
        ],
    )
    invoice = batch.invoices.get()
    # engine: forfait capped at 6,000 → 5,400 at 90 %; K 30 not agreed; cap 4,500
    assert (invoice.status, invoice.amount_covered, invoice.amount_accepted) == (
        "reduced",
        D("5940.00"),
        D("4500.00"),
    )
    assert invoice.reasons == [
        {
            "code": "amount_beyond_agreement",
            "amount": "900.00",
            "message": "Montant au-delà de la prise en charge accordée : part de la caisse "
            "5400,00 DH, reste sur l'accord 4500,00 DH (accordé 4500,00 DH)",
        }
    ]
    forfait, act = invoice.lines.order_by("number")
    assert [r["code"] for r in forfait.reasons] == ["above_tariff", "amount_beyond_agreement"]
    assert (act.accepted, act.reasons[0]["code"]) == (D("0.00"), "act_not_agreed")
    assert invoice.remaining == D("2675.00")


def test_late_billing_refuses_the_invoice(admitted):
    member, _ = admitted
    request = submit(member, acts=SURGERY_ACTS[:1])
    batch = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=91),
        invoices=[
            InvoiceInput(
                request.reference,
                "FAC-1",
                DAY + timedelta(days=80),
                [InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000"))],
            )
        ],
    )
    invoice = batch.invoices.get()
    assert (invoice.status, invoice.amount_accepted) == ("refused", D("0.00"))
    assert invoice.reasons[0]["code"] == "late_billing"
    assert "1 jour(s) après le délai de 90 jours" in invoice.reasons[0]["message"]
    with pytest.raises(ValidationError):
        invoice_mark_paid(invoice=invoice, paid_on=DAY + timedelta(days=95))


def test_a_batch_of_31_invoices_is_refused_and_30_are_accepted(admitted):
    member, _ = admitted
    request = submit(
        member, acts=[services.ActInput("act", "K", coefficient=D(10), quantity=D(31))]
    )

    def invoices(count, prefix):
        return [
            InvoiceInput(
                request.reference,
                f"{prefix}-{n}",
                DAY + timedelta(days=5),
                [
                    InvoiceLineInput(
                        "act", "K", DAY + timedelta(days=n % 3), D("225"), coefficient=D(10)
                    )
                ],
            )
            for n in range(count)
        ]

    refused = invoice_batch_submit(
        provider=provider(CLINIC), received_on=DAY + timedelta(days=6), invoices=invoices(31, "A")
    )
    assert (refused.status, refused.refusal_code, refused.invoices.count()) == (
        "refused",
        "batch_too_large",
        0,
    )
    assert refused.refusal_message.endswith("31 factures, maximum 30 par bordereau")
    accepted = invoice_batch_submit(
        provider=provider(CLINIC), received_on=DAY + timedelta(days=6), invoices=invoices(30, "B")
    )
    assert (accepted.status, accepted.invoices.count()) == ("accepted", 30)


def test_invoices_name_their_errors_and_payment_is_tracked(admitted):
    member, _ = admitted
    request = submit(member, acts=SURGERY_ACTS[:1])
    with pytest.raises(ValidationError) as error:
        invoice_batch_submit(
            provider=provider(CLINIC),
            received_on=DAY + timedelta(days=5),
            invoices=[
                InvoiceInput(
                    "PEC000", "X-1", DAY, [InvoiceLineInput("forfait", "CHIR-APP", DAY, D("10"))]
                ),
                InvoiceInput(request.reference, "X-2", DAY, []),
            ],
        )
    assert set(error.value.message_dict) == {"invoices.1.agreement", "invoices.2.lines"}
    batch = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=5),
        invoices=[
            InvoiceInput(
                request.reference,
                "X-3",
                DAY,
                [InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000"))],
            )
        ],
        idempotency_key="bordereau-1",
    )
    again = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=5),
        invoices=[],
        idempotency_key="bordereau-1",
    )
    assert again.pk == batch.pk
    invoice = invoice_mark_paid(invoice=batch.invoices.get(), paid_on=DAY + timedelta(days=20))
    assert (invoice.status, invoice.paid_on) == ("paid", DAY + timedelta(days=20))
    assert Invoice.objects.get().amount_accepted == D("5400.00")
