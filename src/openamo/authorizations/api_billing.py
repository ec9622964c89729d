"""REST: provider billing. A provider sends a batch (bordereau) of invoices against its
agreements (idempotent), and reads its batches and invoices with what was accepted and paid.
Thin: parse, call `invoicing.invoice_batch_submit` or a scoped selector, render."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from openamo.api import idempotency, scopes
from openamo.api.errors import ErrorOut
from openamo.api.pagination import LIMIT, OFFSET, page_schema, paginate
from openamo.api.types import DecimalOut, InputSchema, one_of

from .invoicing import InvoiceInput, InvoiceLineInput, invoice_batch_submit
from .models import BatchStatus, Invoice, InvoiceBatch, InvoiceLine, InvoiceStatus

router = Router(tags=["Facturation tiers payant"])
KIND = "invoice_batch"


class InvoiceLineIn(InputSchema):
    class Columns:
        model = InvoiceLine

    kind: str
    code: str
    care_date: dt.date
    charged: Decimal
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)


class InvoiceIn(InputSchema):
    class Columns:
        model = Invoice

    agreement: str
    number: str
    issued_on: dt.date
    lines: list[InvoiceLineIn]


class BatchIn(InputSchema):
    class Columns:
        model = InvoiceBatch

    idempotency_key: str | None = None
    invoices: list[InvoiceIn]


class InvoiceReasonOut(Schema):
    code: str
    amount: DecimalOut | None
    message: str


class InvoiceOut(Schema):
    reference: str
    number: str
    batch: str
    agreement: str
    status: one_of(InvoiceStatus)
    status_label: str
    issued_on: dt.date
    received_on: dt.date
    care_start: dt.date
    care_end: dt.date
    amount_charged: DecimalOut
    amount_covered: DecimalOut
    amount_accepted: DecimalOut
    remaining: DecimalOut
    reasons: list[InvoiceReasonOut]
    payment_due_on: dt.date
    legal_due_on: dt.date
    paid_on: dt.date | None


class BatchOut(Schema):
    reference: str
    status: one_of(BatchStatus)
    status_label: str
    received_on: dt.date
    invoice_count: int
    refusal_code: str
    refusal_message: str
    amount_claimed: DecimalOut
    amount_accepted: DecimalOut
    invoices: list[InvoiceOut]


BatchPage = page_schema(BatchOut, "BatchPage")
InvoicePage = page_schema(InvoiceOut, "InvoicePage")


def invoice_json(i: Invoice) -> dict:
    return {
        "reference": i.reference,
        "number": i.number,
        "batch": i.batch.reference,
        "agreement": i.agreement.reference,
        "status": i.status,
        "status_label": str(i.get_status_display()),
        "issued_on": i.issued_on,
        "received_on": i.received_on,
        "care_start": i.care_start,
        "care_end": i.care_end,
        "amount_charged": i.amount_charged,
        "amount_covered": i.amount_covered,
        "amount_accepted": i.amount_accepted,
        "remaining": i.remaining,
        "reasons": i.reasons,
        "payment_due_on": i.payment_due_on,
        "legal_due_on": i.legal_due_on,
        "paid_on": i.paid_on,
    }


def batch_json(b: InvoiceBatch) -> dict:
    invoices = b.invoices.select_related("batch", "agreement").order_by("id")
    return {
        "reference": b.reference,
        "status": b.status,
        "status_label": str(b.get_status_display()),
        "received_on": b.received_on,
        "invoice_count": b.invoice_count,
        "refusal_code": b.refusal_code,
        "refusal_message": b.refusal_message,
        "amount_claimed": b.amount_claimed,
        "amount_accepted": b.amount_accepted,
        "invoices": [invoice_json(i) for i in invoices],
    }


def _batch(user, reference: str) -> InvoiceBatch:
    found = scopes.invoice_batches(user).filter(reference=reference).first()
    if found is None:
        raise Http404("Bordereau introuvable")
    return found


def _replay(request, user, key, fingerprint):
    done = idempotency.replay(
        kind=KIND,
        key=key,
        user=user,
        fingerprint=fingerprint,
        taken=lambda: InvoiceBatch.objects.filter(idempotency_key=key).exists(),
    )
    return done and Status(200, batch_json(_batch(user, done)))


@router.post(
    "/invoice-batches",
    response={200: BatchOut, 201: BatchOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Envoyer un bordereau de factures tiers payant",
    description="Pour les prestataires, contre les prises en charge accordées à leur "
    "établissement ; reçu à la date du jour. Chaque facture est liquidée contre sa prise en "
    "charge ; au-delà du nombre maximal de factures, le bordereau est refusé (enregistré avec "
    "son motif). Une erreur nomme sa facture et son champ (`invoices.2.lines.1.charged`) et "
    "rien n'est enregistré. Avec la même clé d'idempotence (en-tête `Idempotency-Key`), le même "
    "bordereau renvoie celui déjà enregistré (200) ; un autre : 409.",
)
def batch_submit(request, payload: BatchIn):
    user = request.user
    provider = scopes.provider_required(user)
    key = idempotency.key_of(request, payload.idempotency_key)
    fingerprint = idempotency.fingerprint(payload.dict(exclude={"idempotency_key"}))
    if key and (replayed := _replay(request, user, key, fingerprint)):
        return replayed
    invoices = [
        InvoiceInput(
            agreement=i.agreement.strip(),
            number=i.number,
            issued_on=i.issued_on,
            lines=tuple(InvoiceLineInput(**x.dict()) for x in i.lines),
        )
        for i in payload.invoices
    ]
    try:
        with transaction.atomic():
            batch = invoice_batch_submit(
                provider=provider,
                received_on=timezone.localdate(),
                invoices=invoices,
                idempotency_key=key,
                user=user,
            )
            created = not key or idempotency.remember(
                kind=KIND, key=key, user=user, fingerprint=fingerprint, reference=batch.reference
            )
    except IntegrityError:
        if key and (replayed := _replay(request, user, key, fingerprint)):
            return replayed  # a concurrent retry recorded it first
        raise
    return Status(201 if created else 200, batch_json(batch))


@router.get(
    "/invoice-batches",
    response=BatchPage,
    summary="Les bordereaux visibles par l'utilisateur, les plus récents d'abord",
    description="Un prestataire : ceux de son établissement ; le personnel : tous (permission "
    "de lecture des factures).",
)
def batch_list(request, limit: int = LIMIT, offset: int = OFFSET):
    rows = scopes.invoice_batches(request.user)
    return paginate(rows, limit=limit, offset=offset, render=batch_json)


@router.get(
    "/invoice-batches/{reference}",
    response={200: BatchOut, 404: ErrorOut},
    summary="Un bordereau et ses factures",
)
def batch_read(request, reference: str):
    return batch_json(_batch(request.user, reference))


@router.get(
    "/invoices",
    response=InvoicePage,
    summary="Les factures visibles par l'utilisateur, avec l'accepté et le payé",
    description="Un prestataire : celles de son établissement (ses paiements : `status=paid`) ; "
    "le personnel : toutes. Filtre : `status`.",
)
def invoice_list(request, status: str = "", limit: int = LIMIT, offset: int = OFFSET):
    rows = scopes.invoices(request.user).select_related("batch", "agreement")
    if status:
        rows = rows.filter(status=status)
    return paginate(rows, limit=limit, offset=offset, render=invoice_json)
