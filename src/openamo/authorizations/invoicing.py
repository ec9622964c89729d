"""Use cases of provider billing: a batch (bordereau) of invoices sent against agreements,
each invoice adjudicated against its agreement by the claims engine and `billing.py`, and the
payment of accepted invoices. One transaction each; keyword-only arguments."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openamo.audit.services import audit_change, audit_write_many, change_of, snapshot
from openamo.claims import engine
from openamo.claims.loading import coverages_load
from openamo.core.money import ZERO, format_dh, money
from openamo.core.sequences import sequence_take
from openamo.notifications.services import notification_queue
from openamo.referentials.choices import establishment_kind_of
from openamo.referentials.models import ParameterCode, Provider

from . import billing, selectors
from .models import (
    ActKind,
    AuthorizationRequest,
    BatchStatus,
    Invoice,
    InvoiceBatch,
    InvoiceLine,
    InvoiceStatus,
)
from .models.requests import GRANTED


@dataclass(frozen=True)
class InvoiceLineInput:
    kind: str
    code: str
    care_date: date
    charged: Decimal
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)


@dataclass(frozen=True)
class InvoiceInput:
    agreement: str  # the reference of the prior authorisation
    number: str  # the provider's own invoice number
    issued_on: date
    lines: Sequence[InvoiceLineInput] = field(default_factory=tuple)


def _parameter(tariffs, scheme: str, code: str, day: date) -> int:
    value = tariffs.parameter(scheme, code, day)
    if value is None:
        raise ValidationError(
            {code: f"paramètre « {ParameterCode(code).label} » absent pour le régime {scheme}"}
        )
    return int(value)


def _invoice_problems(n: int, invoice: InvoiceInput, agreements: dict, provider, received_on):
    where, errors = f"invoices.{n}", {}
    agreement = agreements.get(invoice.agreement)
    if agreement is None:
        errors[f"{where}.agreement"] = (
            f"prise en charge « {invoice.agreement} » inconnue pour {provider.name}"
        )
    elif agreement.status not in GRANTED:
        errors[f"{where}.agreement"] = (
            f"la prise en charge {agreement.reference} n'est pas accordée "
            f"({agreement.get_status_display()})"
        )
    if not invoice.number.strip():
        errors[f"{where}.number"] = "le numéro de facture est obligatoire"
    if invoice.issued_on > received_on:
        errors[f"{where}.issued_on"] = "facture émise après sa réception"
    if not invoice.lines:
        errors[f"{where}.lines"] = "une facture comporte au moins une ligne"
    for k, line in enumerate(invoice.lines, 1):
        if line.kind not in ActKind.values:
            errors[f"{where}.lines.{k}.kind"] = f"type inconnu « {line.kind} »"
        if line.care_date > received_on:
            errors[f"{where}.lines.{k}.care_date"] = "soins postérieurs à la réception"
        for name in ("charged", "coefficient", "quantity"):
            value = getattr(line, name)
            if not isinstance(value, Decimal) or not value.is_finite() or not 0 < value < 10**7:
                errors[f"{where}.lines.{k}.{name}"] = "doit être un nombre positif"
    return errors


def _agreement_facts(agreement: AuthorizationRequest, billed: dict, accepted: Decimal):
    granted = {
        a.code: a.granted_quantity for a in agreement.acts.all() if (a.granted_quantity or 0) > 0
    }
    return billing.AgreementFacts(
        reference=agreement.reference,
        start=agreement.valid_from,
        end=agreement.valid_to,
        granted=granted,
        covered_total=agreement.amount_covered,
        billed=dict(billed),
        accepted_before=accepted,
    )


def _earlier(agreement_ids) -> tuple[dict, dict]:
    """Quantities billed and amounts accepted on earlier invoices, per agreement."""
    billed: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    accepted: dict = defaultdict(lambda: ZERO)
    for agreement_id, code, quantity, line_accepted in InvoiceLine.objects.filter(
        invoice__agreement_id__in=agreement_ids, accepted__gt=0
    ).values_list("invoice__agreement_id", "code", "quantity", "accepted"):
        billed[agreement_id][code] += quantity
        accepted[agreement_id] += line_accepted
    return billed, accepted


def _valued(invoice: InvoiceInput, agreement, facts, coverage, tariffs, provider):
    lines = tuple(
        engine.Line(
            number=k,
            kind=x.kind,
            code=x.code.strip(),
            care_date=x.care_date,
            executor_inpe=provider.inpe,
            coefficient=x.coefficient,
            quantity=x.quantity,
            charged=x.charged,
            ald_code=agreement.ald_code or None,
            authorization_ref=agreement.reference,
        )
        for k, x in enumerate(invoice.lines, 1)
    )
    claim = engine.Claim(
        agreement.reference,
        agreement.beneficiary_id,
        agreement.beneficiary.scheme.code,
        max(x.care_date for x in invoice.lines),
        lines,
    )
    context = engine.Context(
        tariffs=tariffs,
        coverage=coverage,
        providers={
            provider.inpe: engine.ProviderFacts(
                provider.sector, establishment=establishment_kind_of(provider.kind, provider.sector)
            )
        },
        authorizations={
            agreement.reference: engine.Authorization(
                agreement.beneficiary_id,
                engine.Period(facts.start, facts.end),
                frozenset(facts.granted),
            )
        },
    )
    statement = engine.adjudicate(claim, context)
    return tuple(
        billing.ValuedLine(
            number=s.number,
            code=s.code,
            care_date=s.care_date,
            quantity=s.quantity,
            charged=s.charged,
            covered=s.reimbursed,
            rejection=None
            if s.rejection is None
            else billing.Cut(str(s.rejection.code), ZERO, s.rejection.message),
            notes=tuple(billing.Cut(str(d.code), d.amount, d.message) for d in s.deductions),
        )
        for s in statement.lines
    )


@transaction.atomic
def invoice_batch_submit(
    *,
    provider: Provider,
    received_on: date,
    invoices: Sequence[InvoiceInput],
    idempotency_key: str | None = None,
    user=None,
    tariffs=None,
) -> InvoiceBatch:
    """Register a batch. Beyond the maximum number of files per batch the whole batch is
    refused (recorded, with its reason); otherwise each invoice is adjudicated against its
    agreement, and what is accepted becomes payable with its two due dates. With an
    idempotency key, a retry (even a concurrent one: one batch at a time per provider) returns
    the batch already registered."""
    if idempotency_key:
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        if done := InvoiceBatch.objects.filter(idempotency_key=idempotency_key).first():
            return done
    tariffs = tariffs or selectors.tariffs_cached()
    if not invoices:
        raise ValidationError({"invoices": "le bordereau ne contient aucune facture"})
    refs = {i.agreement for i in invoices}
    agreements = {
        a.reference: a
        for a in AuthorizationRequest.objects.select_for_update()
        .select_related("beneficiary__scheme")
        .prefetch_related("acts")
        .filter(provider=provider, reference__in=refs)
    }
    schemes = sorted({a.beneficiary.scheme.code for a in agreements.values()})
    (number,) = sequence_take("invoice_batch")
    batch = InvoiceBatch(
        reference=f"BRD{received_on:%Y}{number:07d}",
        idempotency_key=idempotency_key,
        provider=provider,
        received_on=received_on,
        invoice_count=len(invoices),
        submitted_by=user,
    )
    if schemes:
        limit = min(
            _parameter(tariffs, s, ParameterCode.BILLING_BATCH_MAX, received_on) for s in schemes
        )
        if len(invoices) > limit:
            reason = billing.cut(
                billing.BillingReason.BATCH_TOO_LARGE,
                detail=f"{len(invoices)} factures, maximum {limit} par bordereau",
            )
            batch.status, batch.refusal_code = BatchStatus.REFUSED, reason.code
            batch.refusal_message = reason.message
            batch.save()
            audit_change(batch, user=user, reason=reason.message)
            return batch
    errors: dict[str, str] = {}
    numbers = [i.number.strip() for i in invoices]
    for n, invoice in enumerate(invoices, 1):
        errors.update(_invoice_problems(n, invoice, agreements, provider, received_on))
        if numbers.count(invoice.number.strip()) > 1:
            errors[f"invoices.{n}.number"] = f"facture {invoice.number} en double dans le bordereau"
    known = set(
        Invoice.objects.filter(provider=provider, number__in=numbers).values_list(
            "number", flat=True
        )
    )
    for n, invoice in enumerate(invoices, 1):
        if invoice.number.strip() in known:
            errors[f"invoices.{n}.number"] = f"facture {invoice.number} déjà reçue"
    if errors:
        raise ValidationError(errors)
    batch.status = BatchStatus.ACCEPTED
    batch.save()
    used = [agreements[i.agreement] for i in invoices]
    billed, accepted = _earlier([a.pk for a in used])
    coverages = coverages_load(sorted({a.beneficiary_id for a in used}))
    first = sequence_take("invoice", len(invoices))[0]
    rows = []
    for n, invoice in enumerate(invoices):
        agreement = agreements[invoice.agreement]
        written = _invoice_write(
            batch,
            invoice,
            agreement,
            reference=f"FTP{received_on:%Y}{first + n:08d}",
            facts=_agreement_facts(agreement, billed[agreement.pk], accepted[agreement.pk]),
            coverage=coverages[agreement.beneficiary_id],
            tariffs=tariffs,
        )
        for line in written.lines.all():
            if line.accepted > 0:
                billed[agreement.pk][line.code] += line.quantity
        accepted[agreement.pk] += written.amount_accepted
        rows.append(written)
        batch.amount_claimed += written.amount_charged
        batch.amount_accepted += written.amount_accepted
    batch.save(update_fields=["amount_claimed", "amount_accepted"])
    audit_write_many(user=user, changes=[change_of(x) for x in (batch, *rows)])
    return batch


def _invoice_write(batch, invoice: InvoiceInput, agreement, *, reference, facts, coverage, tariffs):
    provider, received_on = batch.provider, batch.received_on
    scheme = agreement.beneficiary.scheme.code
    valued = _valued(invoice, agreement, facts, coverage, tariffs, provider)
    care_end = max(x.care_date for x in invoice.lines)
    result = billing.invoice_adjudicate(
        lines=valued,
        agreement=facts,
        care_end=care_end,
        received_on=received_on,
        delay_days=_parameter(tariffs, scheme, ParameterCode.BILLING_DELAY_DAYS, care_end),
    )
    status = {
        "accepted": InvoiceStatus.ACCEPTED,
        "reduced": InvoiceStatus.REDUCED,
        "refused": InvoiceStatus.REFUSED,
    }[result.status]
    row = Invoice.objects.create(
        reference=reference,
        batch=batch,
        provider=provider,
        agreement=agreement,
        number=invoice.number.strip(),
        issued_on=invoice.issued_on,
        received_on=received_on,
        care_start=min(x.care_date for x in invoice.lines),
        care_end=care_end,
        status=status,
        amount_charged=result.charged,
        amount_covered=result.covered,
        amount_accepted=result.accepted,
        remaining=result.charged - result.accepted,
        reasons=[r.as_json() for r in result.reasons],
        payment_due_on=received_on
        + timedelta(
            days=_parameter(tariffs, scheme, ParameterCode.DIRECT_BILLING_PAYMENT_DAYS, received_on)
        ),
        legal_due_on=received_on
        + timedelta(
            days=_parameter(tariffs, scheme, ParameterCode.PROVIDER_PAYMENT_DAYS, received_on)
        ),
    )
    by_number = {r.number: r for r in result.lines}
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=row,
            number=k,
            kind=x.kind,
            code=x.code.strip(),
            care_date=x.care_date,
            coefficient=x.coefficient,
            quantity=x.quantity,
            charged=money(x.charged),
            covered=by_number[k].covered,
            accepted=by_number[k].accepted,
            reasons=[r.as_json() for r in by_number[k].reasons],
        )
        for k, x in enumerate(invoice.lines, 1)
    )
    if row.amount_accepted > 0:
        _notify_billed(row)
    return row


def _notify_billed(invoice: Invoice) -> None:
    """After the act: what was billed under the agreement, the fund's share, the rest."""
    agreement = invoice.agreement
    type_ = agreement.authorization_type
    notification_queue(
        beneficiary=agreement.beneficiary,
        event="care_billed",
        subject=f"Soins facturés en tiers payant : {type_.label}",
        body=(
            f"{invoice.provider.name} a facturé des soins du {invoice.care_start:%d/%m/%Y} au "
            f"{invoice.care_end:%d/%m/%Y} au titre de la prise en charge {agreement.reference} "
            f"({type_.get_care_category_display()}). Montant facturé : "
            f"{format_dh(invoice.amount_charged)} ; part de la caisse : "
            f"{format_dh(invoice.amount_accepted)} ; reste à votre charge : "
            f"{format_dh(invoice.remaining)}."
        ),
        link=reverse("portal:insured_authorizations"),
        related=invoice,
    )


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: date, user=None) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status not in (InvoiceStatus.ACCEPTED, InvoiceStatus.REDUCED):
        raise ValidationError(
            {"status": f"une facture « {invoice.get_status_display()} » n'est pas payable"}
        )
    if paid_on < invoice.received_on or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "date de paiement hors de la période possible"})
    before = snapshot(invoice, ["status", "paid_on"])
    invoice.status, invoice.paid_on = InvoiceStatus.PAID, paid_on
    invoice.save(update_fields=["status", "paid_on"])
    audit_change(invoice, before, user=user)
    return invoice
