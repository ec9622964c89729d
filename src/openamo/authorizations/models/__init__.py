from .agreements import AgreementStatus, DirectBillingAgreement, ProviderAccess
from .billing import BatchStatus, Invoice, InvoiceBatch, InvoiceLine, InvoiceStatus
from .requests import (
    ActKind,
    AuthorizationRequest,
    DocumentAsk,
    Queue,
    RefusalReason,
    RequestAct,
    RequestEvent,
    RequestStatus,
    SubmittedDocument,
)

__all__ = [
    "ActKind",
    "AgreementStatus",
    "AuthorizationRequest",
    "BatchStatus",
    "DirectBillingAgreement",
    "DocumentAsk",
    "Invoice",
    "InvoiceBatch",
    "InvoiceLine",
    "InvoiceStatus",
    "ProviderAccess",
    "Queue",
    "RefusalReason",
    "RequestAct",
    "RequestEvent",
    "RequestStatus",
    "SubmittedDocument",
]
