"""A provider's payment order → PaymentReconciliation, one `detail` per invoice paid."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .. import systems
from ..models import PaymentReconciliation
from .common import concept, money, provider_reference

ORDER = f"{systems.BASE}/sid/payment-order"
PAYMENT_RUN = f"{systems.BASE}/sid/payment-run"
# order status → (resource status, outcome)
STATUS = {
    "ordered": ("active", "queued"),
    "sent": ("active", "queued"),
    "paid": ("active", "complete"),
    "rejected": ("cancelled", "error"),
}
DISPOSITION = {
    "ordered": "Ordre de virement émis, en attente d'envoi à la banque",
    "sent": "Virement envoyé à la banque",
    "paid": "Virement exécuté",
}


@dataclass(frozen=True)
class PaidInvoice:
    reference: str
    number: str
    amount: Decimal
    issued_on: date


@dataclass(frozen=True)
class PaymentRecord:
    reference: str
    status: str
    amount: Decimal
    created: datetime
    payment_date: date
    run_reference: str
    payer_name: str
    provider_inpe: str
    provider_kind: str
    provider_name: str
    bank_reference: str = ""
    rejection_reason: str = ""
    invoices: tuple[PaidInvoice, ...] = ()


def payment_reconciliation(r: PaymentRecord) -> PaymentReconciliation:
    status, outcome = STATUS[r.status]
    provider = provider_reference(r.provider_inpe, r.provider_kind, r.provider_name)
    data = {
        "id": r.reference,
        "identifier": [
            {"use": "official", "system": ORDER, "value": r.reference},
            {"use": "secondary", "system": PAYMENT_RUN, "value": r.run_reference},
        ],
        "status": status,
        "created": r.created.isoformat(),
        "paymentIssuer": {"display": r.payer_name or "Caisse d'assurance maladie"},
        "requestor": provider,
        "outcome": outcome,
        "disposition": r.rejection_reason or DISPOSITION[r.status],
        "paymentDate": r.payment_date.isoformat(),
        "paymentAmount": money(r.amount),
        "detail": [
            {
                "identifier": {"system": systems.INVOICE, "value": i.reference},
                "type": concept(
                    systems.HL7_PAYMENT_TYPE, "payment", "Payment", f"Facture n° {i.number}"
                ),
                "submitter": provider,
                "payee": provider,
                "date": i.issued_on.isoformat(),
                "amount": money(i.amount),
            }
            for i in r.invoices
        ],
    }
    if r.bank_reference:
        data["paymentIdentifier"] = {
            "system": f"{systems.BASE}/sid/bank",
            "value": r.bank_reference,
        }
    return PaymentReconciliation.model_validate(data)
