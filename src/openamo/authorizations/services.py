"""Use cases that write prior authorisations and direct-billing agreements. One transaction
each, keyword-only arguments; the decisions come from the pure `rules.decide`. Provider
billing is in `invoicing.py`."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from openamo.audit.services import audit_change, audit_write_many, change_of, snapshot
from openamo.claims import engine
from openamo.claims.loading import coverages_load
from openamo.core.identifiers import inpe_problem
from openamo.core.money import ZERO, money
from openamo.core.sequences import sequence_take
from openamo.documents.services import document_store, upload_check
from openamo.notifications.services import notification_queue
from openamo.referentials.choices import (
    AUTO_DIRECT_BILLING_KINDS,
    CareCategory,
    ProviderKind,
    establishment_kind_of,
)
from openamo.referentials.models import AuthorizationType, DocumentType, ParameterCode, Provider

from . import rules, selectors
from .models import (
    ActKind,
    AgreementStatus,
    AuthorizationRequest,
    DirectBillingAgreement,
    DocumentAsk,
    Queue,
    RefusalReason,
    RequestAct,
    RequestEvent,
    RequestStatus,
    SubmittedDocument,
)

# Providers that apply for direct billing with their RIB and ANAM registration (DOMAIN.md §6).
APPLYING_KINDS = frozenset(
    {
        ProviderKind.CLINIC,
        ProviderKind.DIALYSIS_CENTRE,
        ProviderKind.OPHTHALMOLOGY_CENTRE,
        ProviderKind.ONCOLOGY_CENTRE,
        ProviderKind.LABORATORY,
        ProviderKind.RADIOLOGY,
        ProviderKind.OPTICIAN,
        ProviderKind.DENTIST,
    }
)
WEEKS_PER_YEAR = 52
ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


# ---- direct-billing agreements ---------------------------------------------------------------


@transaction.atomic
def agreement_apply(
    *,
    provider: Provider,
    care_categories: Sequence[str],
    starts_on: date,
    rib: str = "",
    anam_registration: str = "",
    user=None,
) -> DirectBillingAgreement:
    """A provider's application. Public hospitals, CHU and military hospitals are admitted at
    once; clinics, centres, labs, radiology, opticians and dentists apply with a RIB and their
    ANAM registration and wait for the fund's decision."""
    errors = {}
    unknown = [c for c in care_categories if c not in CareCategory.values]
    if not care_categories or unknown:
        errors["care_categories"] = (
            f"catégories inconnues : {', '.join(unknown)}" if unknown else "au moins une catégorie"
        )
    automatic = provider.kind in AUTO_DIRECT_BILLING_KINDS
    if not automatic and provider.kind not in APPLYING_KINDS:
        errors["provider"] = (
            f"un prestataire « {provider.get_kind_display()} » n'est pas admis au tiers payant"
        )
    rib = "".join(rib.split())
    if not automatic:
        if not rib:
            errors["rib"] = "le RIB est obligatoire pour demander le tiers payant"
        if not anam_registration.strip():
            errors["anam_registration"] = "l'enregistrement ANAM est obligatoire"
    if errors:
        raise ValidationError(errors)
    agreement = DirectBillingAgreement(
        provider=provider,
        care_categories=list(dict.fromkeys(care_categories)),
        rib=rib,
        anam_registration=anam_registration.strip(),
        starts_on=starts_on,
        automatic=automatic,
    )
    agreement.full_clean(exclude=["decided_by"])
    if automatic:
        agreement.status = AgreementStatus.ACTIVE
        agreement.decided_at = timezone.now()
        agreement.decision_note = "admission automatique (hôpital public, CHU ou militaire)"
    agreement.save()
    if automatic:
        _provider_admit(provider, agreement)
    audit_change(agreement, user=user)
    return agreement


def _provider_admit(provider: Provider, agreement: DirectBillingAgreement) -> None:
    provider.direct_billing = True
    provider.direct_billing_since = provider.direct_billing_since or agreement.starts_on
    if agreement.rib:
        provider.rib = agreement.rib
    if agreement.anam_registration:
        provider.anam_registration = agreement.anam_registration
    provider.save()


@transaction.atomic
def agreement_decide(
    *, agreement: DirectBillingAgreement, approve: bool, user, note: str = ""
) -> DirectBillingAgreement:
    agreement = DirectBillingAgreement.objects.select_for_update().get(pk=agreement.pk)
    before = snapshot(agreement)
    if agreement.status != AgreementStatus.APPLIED:
        raise ValidationError({"status": "cette convention a déjà été décidée"})
    if not approve and not note.strip():
        raise ValidationError({"note": "le motif du refus est obligatoire"})
    agreement.status = AgreementStatus.ACTIVE if approve else AgreementStatus.REFUSED
    agreement.decided_at, agreement.decided_by = timezone.now(), user
    agreement.decision_note = note.strip()
    agreement.save()
    if approve:
        _provider_admit(agreement.provider, agreement)
    audit_change(agreement, before, user=user, reason=note.strip())
    return agreement


# ---- requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActInput:
    kind: str
    code: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None


@dataclass(frozen=True)
class DocumentInput:
    document_type: str  # DocumentType code
    file_name: str = ""
    reference: str = ""
    upload: object = None  # the file itself (an UploadedFile), kept by the document store


def _act_problems(acts: Sequence[ActInput]) -> dict[str, str]:
    errors = {}
    if not acts:
        errors["acts"] = "au moins un acte, forfait ou dispositif est demandé"
    for n, act in enumerate(acts, 1):
        if act.kind not in ActKind.values:
            errors[f"acts.{n}.kind"] = f"type inconnu « {act.kind} »"
        if not act.code.strip():
            errors[f"acts.{n}.code"] = "le code est obligatoire"
        for name in ("coefficient", "quantity", "charged"):
            value = getattr(act, name)
            if value is None and name == "charged":
                continue
            if not isinstance(value, Decimal) or not value.is_finite() or not 0 < value < 10**6:
                errors[f"acts.{n}.{name}"] = "doit être un nombre positif (moins d'un million)"
    return errors


def _request_problems(*, type_, diagnosis, planned_start, planned_end, sessions, doctor_inpe):
    errors = _date_problems(planned_start, planned_end)
    if not ICD10.match(diagnosis):
        errors["diagnosis"] = f"« {diagnosis} » n'est pas un code CIM-10 (ex. N18.5)"
    if type_.yearly_agreement and not sessions:
        errors["sessions_per_week"] = "le nombre de séances par semaine est obligatoire"
    if sessions is not None and not 1 <= sessions <= 7:
        errors["sessions_per_week"] = "entre 1 et 7 séances par semaine"
    if doctor_inpe and (problem := inpe_problem(doctor_inpe)):
        errors["doctor_inpe"] = problem
    return errors


def _date_problems(start: date, end: date | None) -> dict[str, str]:
    if end is not None and end < start:
        return {"planned_end": "la fin prévue précède le début"}
    return {}


def _documents_problems(required, documents: Sequence[DocumentInput]) -> dict[str, str]:
    outside = rules.outside_nomenclature(required, [d.document_type for d in documents])
    if outside:
        return {
            "documents": "pièce(s) hors de la nomenclature de ce type de prise en charge : "
            + ", ".join(outside)
        }
    for d in documents:  # size and content, before anything is written
        if d.upload is not None:
            try:
                upload_check(d.upload, field="documents")
            except ValidationError as exc:
                return {"documents": exc.message_dict["documents"][0]}
    return {}


def _event(request, *, action, now, by=None, rule="", from_status="", note=""):
    RequestEvent.objects.create(
        request=request,
        at=now,
        by=by,
        rule=str(rule),
        action=action,
        from_status=from_status,
        to_status=request.status,
        note=note,
    )


def _decision_hours(tariffs, scheme_code: str, day: date) -> int:
    hours = tariffs.parameter(scheme_code, ParameterCode.AUTHORIZATION_DECISION_HOURS, day)
    if hours is None:
        raise ValidationError(
            {
                "authorization_decision_hours": f"paramètre « délai de décision d'une prise en "
                f"charge » absent pour le régime {scheme_code} le {day:%d/%m/%Y}"
            }
        )
    return int(hours)


def _valuate(
    request, acts, *, tariffs, coverage, quantities=None
) -> tuple[rules.Valuation, engine.Statement]:
    """The acts (with the granted quantities, if given) valued by the claims engine."""
    ins = tuple(
        rules.ActIn(
            a.kind,
            a.code,
            a.coefficient,
            a.quantity if quantities is None else quantities[a.number],
            a.charged
            if quantities is None or a.charged is None
            else money(a.charged * quantities[a.number] / a.quantity),
        )
        for a in acts
        if quantities is None or quantities[a.number] > 0
    )
    claim = rules.valuation_claim(
        reference=request.reference,
        beneficiary_id=request.beneficiary_id,
        scheme=request.beneficiary.scheme.code,
        provider_inpe=request.provider.inpe,
        day=request.planned_start,
        acts=ins,
        ald_code=request.ald_code or None,
    )
    context = rules.valuation_context(
        tariffs=tariffs,
        coverage=coverage,
        provider_inpe=request.provider.inpe,
        sector=request.provider.sector,
        claim=claim,
        start=request.planned_start,
        end=request.planned_end,
        establishment=establishment_kind_of(request.provider.kind, request.provider.sector),
    )
    statement = engine.adjudicate(claim, context)
    return rules.valuation_of(statement, request.ald_code or None), statement


def _store_valuation(request, acts, statement, valuation, *, granted=False) -> None:
    by_number = {line.number: line for line in statement.lines}
    kept = [a for a in acts if not granted or (a.granted_quantity or 0) > 0]
    for act in acts:
        if act not in kept:
            act.base = act.covered = act.copayment = ZERO
            act.save(update_fields=["base", "covered", "copayment"])
    for n, act in enumerate(kept, 1):
        line = by_number.get(n)
        if line is None:
            continue
        act.quotation, act.label, act.care_category = line.quotation, line.label, line.care_category
        act.base, act.rate, act.covered, act.copayment = (
            line.base,
            line.rate,
            line.reimbursed,
            line.copayment,
        )
        act.problem = line.rejection.message if line.rejection else ""
        act.save(
            update_fields=[
                "quotation",
                "label",
                "care_category",
                "base",
                "rate",
                "covered",
                "copayment",
                "problem",
            ]
        )
    request.amount_charged = valuation.charged
    request.amount_covered = valuation.covered
    request.copayment = valuation.copayment
    request.remaining = valuation.remaining
    request.exemption_applied = valuation.exemption or ""


def _facts(request, *, tariffs, coverage, valuation) -> rules.RequestFacts:
    type_ = request.authorization_type
    required = selectors.required_documents(
        authorization_type_id=type_.pk, stage=request.stage, day=request.planned_start
    )
    provided = frozenset(request.documents.values_list("document_type__code", flat=True))
    asked = frozenset(
        request.asks.filter(received_at__isnull=True).values_list("document_type__code", flat=True)
    )
    scheme, day = request.beneficiary.scheme.code, request.planned_start
    acts = list(request.acts.all())
    return rules.RequestFacts(
        care_category=type_.care_category,
        auto_approvable=type_.auto_approvable,
        planned_start=request.planned_start,
        planned_end=request.planned_end,
        required=required,
        provided=provided,
        asked=asked,
        coverage=coverage,
        valuation=valuation,
        provider_agreed=selectors.provider_agreed(
            provider=request.provider, care_category=type_.care_category, day=day
        ),
        ald_code=request.ald_code or None,
        biology_b=sum(
            (a.coefficient * a.quantity for a in acts if a.kind == ActKind.ACT and a.code == "B"),
            ZERO,
        ),
        biology_min_b=tariffs.parameter(scheme, ParameterCode.BIOLOGY_DIRECT_BILLING_MIN_B, day),
        public_hospital=request.provider.kind == ProviderKind.PUBLIC_HOSPITAL,
        public_hospital_min=tariffs.parameter(
            scheme, ParameterCode.PUBLIC_HOSPITAL_DIRECT_BILLING_MIN, day
        ),
    )


def _apply(request, decision: rules.Decision, *, tariffs, now: datetime, from_status: str) -> None:
    """Write the rule's decision on the request (its status, queue, deadline, trace)."""
    if decision.outcome == rules.APPROVE:
        request.status = RequestStatus.APPROVED
        request.valid_from, request.valid_to = request.planned_start, request.planned_end
        request.decided_at, request.decision_rule = now, str(decision.rule)
        request.decision_note = decision.message
        request.acts.update(granted_quantity=F("quantity"))
    elif decision.outcome == rules.REFUSE:
        request.status = RequestStatus.REFUSED
        request.decided_at, request.decision_rule = now, str(decision.rule)
        request.decision_note = decision.message
    elif decision.outcome == rules.INCOMPLETE:
        request.status = RequestStatus.INCOMPLETE
        request.decision_note = decision.message
    else:
        request.status = RequestStatus.PENDING
        request.queue = decision.queue
        request.queued_at = now
        hours = _decision_hours(tariffs, request.beneficiary.scheme.code, now.date())
        request.due_at = now + timedelta(hours=hours)
        request.decision_note = decision.message
    request.save()
    action = {
        rules.APPROVE: "accord",
        rules.REFUSE: "refus",
        rules.INCOMPLETE: "pièces manquantes",
        rules.QUEUE: "mise en file",
    }[decision.outcome]
    _event(
        request,
        action=action,
        now=now,
        rule=decision.rule,
        from_status=from_status,
        note=decision.message,
    )
    if request.granted:
        _notify_granted(request)


def _evaluate(request, *, tariffs, now, from_status: str) -> rules.Decision:
    coverage = coverages_load([request.beneficiary_id])[request.beneficiary_id]
    acts = list(request.acts.all())
    valuation, statement = _valuate(request, acts, tariffs=tariffs, coverage=coverage)
    _store_valuation(request, acts, statement, valuation)
    decision = rules.decide(
        _facts(request, tariffs=tariffs, coverage=coverage, valuation=valuation)
    )
    _apply(request, decision, tariffs=tariffs, now=now, from_status=from_status)
    return decision


def _yearly_overlap(*, beneficiary, type_, start, end) -> AuthorizationRequest | None:
    return (
        AuthorizationRequest.objects.filter(
            beneficiary=beneficiary,
            authorization_type=type_,
            status__in=[
                RequestStatus.APPROVED,
                RequestStatus.PARTLY_APPROVED,
                RequestStatus.PENDING,
                RequestStatus.INCOMPLETE,
            ],
            planned_start__lte=end,
            planned_end__gte=start,
        )
        .order_by("planned_start")
        .first()
    )


def yearly_end(start: date) -> date:
    """The last day of a one-year agreement starting on `start`."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


@transaction.atomic
def authorization_submit(
    *,
    provider: Provider,
    beneficiary,
    authorization_type: AuthorizationType,
    diagnosis: str,
    planned_start: date,
    planned_end: date | None = None,
    acts: Sequence[ActInput],
    documents: Sequence[DocumentInput] = (),
    stage: str = "initial",
    sessions_per_week: int | None = None,
    estimated_amount: Decimal | None = None,
    ald_code: str = "",
    doctor_inpe: str = "",
    idempotency_key: str | None = None,
    user=None,
    now: datetime | None = None,
    tariffs=None,
) -> AuthorizationRequest:
    """Register a request and decide at once what the rules can decide. With an idempotency
    key, a retry returns the request already registered."""
    if idempotency_key and (
        existing := AuthorizationRequest.objects.filter(idempotency_key=idempotency_key).first()
    ):
        return existing
    now = now or timezone.now()
    tariffs = tariffs or selectors.tariffs_cached()
    type_ = authorization_type
    diagnosis = diagnosis.strip().upper()
    if type_.yearly_agreement:
        planned_end = yearly_end(planned_start)
    planned_end = planned_end or planned_start
    errors = _request_problems(
        type_=type_,
        diagnosis=diagnosis,
        planned_start=planned_start,
        planned_end=planned_end,
        sessions=sessions_per_week,
        doctor_inpe=doctor_inpe,
    )
    if stage not in ("initial", "renewal"):
        errors["stage"] = "première demande (initial) ou renouvellement (renewal)"
    errors.update(_act_problems(acts))
    required = selectors.required_documents(
        authorization_type_id=type_.pk, stage=stage, day=planned_start
    )
    errors.update(_documents_problems(required, documents))
    if type_.yearly_agreement and (
        other := _yearly_overlap(
            beneficiary=beneficiary, type_=type_, start=planned_start, end=planned_end
        )
    ):
        errors["planned_start"] = (
            f"une prise en charge annuelle existe déjà du {other.planned_start:%d/%m/%Y} "
            f"au {other.planned_end:%d/%m/%Y} ({other.reference})"
        )
    if errors:
        raise ValidationError(errors)
    if type_.yearly_agreement:
        weeks_quantity = Decimal(sessions_per_week * WEEKS_PER_YEAR)
        acts = [
            ActInput(
                a.kind,
                a.code,
                a.coefficient,
                weeks_quantity,
                None if a.charged is None else money(a.charged / a.quantity * weeks_quantity),
            )
            if a.kind == ActKind.FORFAIT
            else a
            for a in acts
        ]
    (number,) = sequence_take("authorization")
    try:
        with transaction.atomic():
            request = AuthorizationRequest.objects.create(
                reference=f"PEC{planned_start:%Y}{number:08d}",
                idempotency_key=idempotency_key,
                provider=provider,
                beneficiary=beneficiary,
                authorization_type=type_,
                stage=stage,
                diagnosis=diagnosis,
                ald_code=ald_code.strip(),
                doctor_inpe=doctor_inpe.strip(),
                planned_start=planned_start,
                planned_end=planned_end,
                sessions_per_week=sessions_per_week,
                estimated_amount=estimated_amount
                if estimated_amount is not None
                else sum((a.charged for a in acts if a.charged is not None), ZERO),
                status=RequestStatus.INCOMPLETE,
                delegation=selectors.beneficiary_delegation(beneficiary, provider),
                submitted_at=now,
                submitted_by=user,
            )
    except IntegrityError:
        if idempotency_key:
            return AuthorizationRequest.objects.get(idempotency_key=idempotency_key)
        raise
    RequestAct.objects.bulk_create(
        RequestAct(
            request=request,
            number=n,
            kind=a.kind,
            code=a.code.strip(),
            coefficient=a.coefficient,
            quantity=a.quantity,
            charged=a.charged,
        )
        for n, a in enumerate(acts, 1)
    )
    _documents_store(request, documents, user=user, now=now)
    _event(
        request,
        action="dépôt",
        now=now,
        by=user,
        note=f"{len(acts)} acte(s), {len(documents)} pièce(s)",
    )
    _evaluate(request, tariffs=tariffs, now=now, from_status="")
    audit_change(request, user=user, extra={"acts": [None, len(acts)]})
    return request


def _documents_store(request, documents, *, user, now) -> None:
    types = {
        t.code: t
        for t in DocumentType.objects.filter(code__in=[d.document_type for d in documents])
    }
    rows = SubmittedDocument.objects.bulk_create(
        SubmittedDocument(
            request=request,
            document_type=types[d.document_type],
            file_name=d.file_name[:200],
            reference=d.reference[:100],
            received_at=now,
            sent_by=user,
        )
        for d in documents
    )
    for row, d in zip(rows, documents, strict=True):
        if d.upload is not None:
            stored = document_store(
                upload=d.upload,
                owner=row,
                user=user,
                beneficiary_id=request.beneficiary_id,
                field="documents",
                now=now,
            )
            row.file_name = stored.name
            row.save(update_fields=["file_name"])
    DocumentAsk.objects.filter(
        request=request, received_at__isnull=True, document_type__code__in=list(types)
    ).update(received_at=now)


@transaction.atomic
def authorization_documents_add(
    *, request: AuthorizationRequest, documents: Sequence[DocumentInput], user=None, now=None
) -> AuthorizationRequest:
    """Documents sent after the request (missing ones, or asked by a reviewer). A request that
    was waiting for them is evaluated again by the rules."""
    request = AuthorizationRequest.objects.select_for_update().get(pk=request.pk)
    now, before = now or timezone.now(), snapshot(request)
    if request.decided:
        raise ValidationError({"documents": "la demande est déjà décidée"})
    if not documents:
        raise ValidationError({"documents": "aucune pièce envoyée"})
    required = selectors.required_documents(
        authorization_type_id=request.authorization_type_id,
        stage=request.stage,
        day=request.planned_start,
    )
    if errors := _documents_problems(required, documents):
        raise ValidationError(errors)
    _documents_store(request, documents, user=user, now=now)
    _event(
        request,
        action="pièces reçues",
        now=now,
        by=user,
        from_status=request.status,
        note=", ".join(d.document_type for d in documents),
    )
    if request.status == RequestStatus.INCOMPLETE:
        _evaluate(request, tariffs=selectors.tariffs_cached(), now=now, from_status=request.status)
    names = ", ".join(d.document_type for d in documents)
    audit_change(request, before, user=user, extra={"documents": [None, names]})
    return request


@transaction.atomic
def authorization_document_ask(
    *, request: AuthorizationRequest, document_type: DocumentType, user, note: str = "", now=None
) -> DocumentAsk:
    """A reviewer asks for a document: only one of the nomenclature of the request's type."""
    request = AuthorizationRequest.objects.select_for_update().get(pk=request.pk)
    now = now or timezone.now()
    if request.decided:
        raise ValidationError({"document_type": "la demande est déjà décidée"})
    required = selectors.required_documents(
        authorization_type_id=request.authorization_type_id,
        stage=request.stage,
        day=request.planned_start,
    )
    if rules.outside_nomenclature(required, [document_type.code]):
        raise ValidationError(
            {
                "document_type": f"« {document_type.label} » n'est pas dans la nomenclature de ce type de prise en charge : la caisse ne peut pas l'exiger"
            }
        )
    if request.documents.filter(document_type=document_type).exists():
        raise ValidationError({"document_type": f"« {document_type.label} » a déjà été fourni"})
    ask = DocumentAsk.objects.create(
        request=request, document_type=document_type, note=note.strip(), asked_at=now, asked_by=user
    )
    from_status, before = request.status, snapshot(request)
    request.status = RequestStatus.INCOMPLETE
    request.decision_note = f"Pièce demandée par le contrôle : {document_type.label}"
    request.save(update_fields=["status", "decision_note"])
    _event(
        request,
        action="pièce demandée",
        now=now,
        by=user,
        from_status=from_status,
        note=f"{document_type.label}. {note}".strip(),
    )
    audit_change(request, before, user=user, extra={"document_asked": [None, document_type.code]})
    return ask


DECISIONS = ("approve", "partly_approve", "refuse")


@transaction.atomic
def authorization_decide(
    *,
    request: AuthorizationRequest,
    user,
    decision: str,
    granted_quantities: dict[int, Decimal] | None = None,
    refusal_reason: str = "",
    note: str = "",
    now: datetime | None = None,
) -> AuthorizationRequest:
    """A reviewer's decision: approve, approve part of the acts (lower quantities), or refuse
    with a coded reason. A decision is final: no reserves, no second decision."""
    request = (
        AuthorizationRequest.objects.select_for_update()
        .select_related("beneficiary__scheme", "provider", "authorization_type")
        .get(pk=request.pk)
    )
    now = now or timezone.now()
    if request.decided:
        raise ValidationError({"decision": "la demande est déjà décidée ; un accord est définitif"})
    if decision not in DECISIONS:
        raise ValidationError({"decision": f"décision inconnue « {decision} »"})
    acts = list(request.acts.all())
    from_status, before = request.status, snapshot(request)
    if decision == "refuse":
        if refusal_reason not in RefusalReason.values:
            raise ValidationError({"refusal_reason": "choisir un motif de refus codé"})
        request.status = RequestStatus.REFUSED
        request.refusal_reason = refusal_reason
        request.decision_note = f"{RefusalReason(refusal_reason).label}. {note}".strip()
    else:
        if request.status != RequestStatus.PENDING:
            raise ValidationError(
                {"decision": "la demande attend des pièces : elle ne peut être accordée"}
            )
        quantities = _granted(acts, decision, granted_quantities or {})
        for act in acts:
            act.granted_quantity = quantities[act.number]
            act.save(update_fields=["granted_quantity"])
        tariffs = selectors.tariffs_cached()
        coverage = coverages_load([request.beneficiary_id])[request.beneficiary_id]
        valuation, statement = _valuate(
            request, acts, tariffs=tariffs, coverage=coverage, quantities=quantities
        )
        _store_valuation(request, acts, statement, valuation, granted=True)
        request.status = (
            RequestStatus.APPROVED if decision == "approve" else RequestStatus.PARTLY_APPROVED
        )
        request.valid_from, request.valid_to = request.planned_start, request.planned_end
        request.decision_note = note.strip()
    request.decided_at, request.decided_by = now, user
    request.save()
    action = {"approve": "accord", "partly_approve": "accord partiel", "refuse": "refus"}[decision]
    _event(
        request,
        action=action,
        now=now,
        by=user,
        from_status=from_status,
        note=request.decision_note,
    )
    granted = {f"acts.{a.number}.granted_quantity": [None, a.granted_quantity] for a in acts}
    audit_change(request, before, user=user, extra=granted if request.granted else None)
    if request.granted:
        _notify_granted(request)
    return request


def _granted(acts, decision, asked: dict[int, Decimal]) -> dict[int, Decimal]:
    if decision == "approve":
        return {a.number: a.quantity for a in acts}
    quantities, errors = {}, {}
    for a in acts:
        value = asked.get(a.number, a.quantity)
        if not isinstance(value, Decimal) or not ZERO <= value <= a.quantity:
            errors[f"granted.{a.number}"] = f"entre 0 et {a.quantity.normalize():f}"
        quantities[a.number] = value
    if not errors and all(quantities[a.number] == a.quantity for a in acts):
        errors["granted"] = "un accord partiel réduit au moins un acte (sinon : accorder)"
    if not errors and not any(quantities.values()):
        errors["granted"] = "aucun acte accordé : refuser la demande avec un motif"
    if errors:
        raise ValidationError(errors)
    return quantities


def _notify_granted(request: AuthorizationRequest) -> None:
    """Before the act: the insured is told the category, the amount, the fund's share and
    what is left to them (seed 000, measure 5), in the language the family chose."""
    from openamo.core.templatetags.amounts import dh
    from openamo.notifications.selectors import recipient_language

    type_ = request.authorization_type
    with translation.override(recipient_language(request.beneficiary)):
        facts = {
            "reference": request.reference,
            "type": type_.label,
            "category": type_.get_care_category_display(),
            "provider": request.provider.name,
            "start": f"{request.valid_from:%d/%m/%Y}",
            "end": f"{request.valid_to:%d/%m/%Y}",
            "charged": dh(request.amount_charged),
            "covered": dh(request.amount_covered),
            "remaining": dh(request.remaining),
            "exemption": request.exemption_applied,
        }
        body = gettext(
            "Une prise en charge (%(reference)s) a été accordée en votre faveur pour "
            "« %(type)s » (%(category)s) auprès de %(provider)s, du %(start)s au %(end)s. "
            "Montant des actes : %(charged)s ; part de la caisse : %(covered)s ; "
            "reste à votre charge : %(remaining)s."
        )
        if request.exemption_applied:
            body += " " + gettext("Exonération du ticket modérateur appliquée (%(exemption)s).")
        subject = gettext("Prise en charge accordée : %(type)s") % facts
        body = body % facts
    notification_queue(
        beneficiary=request.beneficiary,
        event="authorization_granted",
        subject=subject,
        body=body,
        link=reverse("portal:insured_authorizations"),
        related=request,
    )


@transaction.atomic
def authorizations_escalate(*, now: datetime | None = None) -> int:
    """Mark the requests whose decision deadline has passed as escalated (once each: running
    it again changes nothing). Returns how many were escalated now."""
    now = now or timezone.now()
    overdue = list(
        AuthorizationRequest.objects.select_for_update(skip_locked=True).filter(
            status=RequestStatus.PENDING, due_at__lt=now, escalated_at__isnull=True
        )
    )
    for request in overdue:
        request.escalated_at = now
        request.save(update_fields=["escalated_at"])
        late = now - request.due_at
        _event(
            request,
            action="escalade",
            now=now,
            rule=rules.Rule.DEADLINE_MISSED,
            from_status=request.status,
            note=f"{rules.LABELS[rules.Rule.DEADLINE_MISSED]} (échéance {timezone.localtime(request.due_at):%d/%m/%Y %H:%M}, "
            f"retard {int(late.total_seconds() // 3600)} h) — file {Queue(request.queue).label}",
        )
    audit_write_many(changes=[change_of(r, {"escalated_at": None}) for r in overdue])
    return len(overdue)
