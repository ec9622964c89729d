"""Use cases of the ALD exemption requests: filing, routing, instruction, decision, renewal
reminders. One transaction each, keyword-only arguments.

A grant creates the `members.AldExemption` (through `members.services`), the record the
adjudication engine reads: claim lines linked to that ALD are reimbursed at the ALD rate for
care from the exemption's start date to its end date, never before, never after.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from openamo.audit.services import audit_change, snapshot
from openamo.core.sequences import sequence_take
from openamo.members.models import AldExemption
from openamo.members.services import ald_exemption_grant, ald_exemption_renew
from openamo.notifications.services import notification_queue
from openamo.referentials.models import DocumentType

from . import selectors
from .documents import Upload, upload_check
from .models import (
    AldRequest,
    AldRequestDocument,
    AldRequestEvent,
    FiledBy,
    MedicalDelay,
    RefusalReason,
    RenewalReminder,
    RequestStatus,
)


def _event(request: AldRequest, *, action: str, now: datetime, by=None, note: str = "") -> None:
    AldRequestEvent.objects.create(request=request, at=now, by=by, action=action, note=note)


def _reference(day: date) -> str:
    number = sequence_take(f"ald_request_{day.year}")[0]
    return f"ALD-{day.year}-{number:06d}"


def _icd10_matches(condition, code: str) -> bool:
    code = code.strip().upper()
    return any(code.startswith(c.strip().upper()) for c in condition.icd10_codes.split(",") if c)


def _filing_problems(*, beneficiary, condition, icd10_code, certificate_date, renewal_of, day):
    errors: dict[str, str] = {}
    if not (condition.valid_from <= certificate_date) or (
        condition.valid_to and condition.valid_to < certificate_date
    ):
        errors["condition"] = f"{condition.code} n'est pas sur la liste à cette date"
    if not _icd10_matches(condition, icd10_code):
        errors["icd10_code"] = (
            f"le code CIM-10 « {icd10_code} » ne relève pas de {condition.code} "
            f"({condition.icd10_codes})"
        )
    if certificate_date > day:
        errors["certificate_date"] = "le certificat ne peut être daté dans le futur"
    if AldRequest.objects.filter(
        beneficiary=beneficiary, condition__code=condition.code, status__in=selectors.OPEN
    ).exists():
        errors["condition"] = "une demande pour cette affection est déjà en instruction"
    current = beneficiary.exemptions.filter(condition__code=condition.code).exclude(ends_on__lt=day)
    if renewal_of is not None:
        if renewal_of.beneficiary_id != beneficiary.pk or renewal_of.condition_id != condition.pk:
            errors["renewal_of"] = "l'exonération à renouveler est d'un autre dossier"
        elif renewal_of.ends_on is None:
            errors["renewal_of"] = "exonération à vie : pas de renouvellement"
    elif current.exists():
        errors["condition"] = "une exonération pour cette affection est déjà en cours"
    return errors


def _documents_problems(required: Sequence[DocumentType], uploads: Sequence[Upload]) -> dict:
    given = {u.document_type for u in uploads}
    missing = [d.label for d in required if d.code not in given]
    if missing:
        return {"documents": "pièces manquantes : " + ", ".join(missing)}
    return {}


def _store(request: AldRequest, uploads: Sequence[Upload], *, max_bytes: int, now) -> None:
    types = {
        t.code: t for t in DocumentType.objects.filter(code__in=[u.document_type for u in uploads])
    }
    checked = []
    for upload in uploads:
        if upload.document_type not in types:
            raise ValidationError({"documents": f"pièce inconnue « {upload.document_type} »"})
        checked.append((upload, *upload_check(upload, max_bytes=max_bytes, field="documents")))
    for upload, content_type, size in checked:
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
        name = f"medical/ald/{request.reference}/{upload.document_type}.{extension[content_type]}"
        stored = default_storage.save(name, upload.file)
        AldRequestDocument.objects.create(
            request=request,
            document_type=types[upload.document_type],
            file=stored,
            file_name=upload.name[:200],
            content_type=content_type,
            size=size,
            received_at=now,
        )


@transaction.atomic
def ald_request_file(
    *,
    beneficiary,
    condition,
    icd10_code: str,
    certificate_date: date,
    uploads: Sequence[Upload],
    author,
    filed_by: str,
    provider=None,
    physician_inpe: str = "",
    clinical_summary: str = "",
    renewal_of: AldExemption | None = None,
    now: datetime | None = None,
) -> AldRequest:
    """File a request with its certificate and documents, routed to the medical control of the
    beneficiary's delegation, with its decision deadline from the delays in force."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    errors = _filing_problems(
        beneficiary=beneficiary,
        condition=condition,
        icd10_code=icd10_code,
        certificate_date=certificate_date,
        renewal_of=renewal_of,
        day=day,
    )
    if filed_by not in FiledBy.values:
        errors["filed_by"] = "déposant inconnu"
    required = selectors.required_documents(condition_code=condition.code, day=day)
    errors |= _documents_problems(required, uploads)
    if errors:
        raise ValidationError(errors)
    delay = MedicalDelay.in_force(day)
    request = AldRequest.objects.create(
        reference=_reference(day),
        beneficiary=beneficiary,
        condition=condition,
        icd10_code=icd10_code.strip().upper(),
        filed_by=filed_by,
        provider=provider,
        physician_inpe=physician_inpe or (provider.inpe if provider else ""),
        certificate_date=certificate_date,
        clinical_summary=clinical_summary.strip(),
        renewal_of=renewal_of,
        delegation=selectors.delegation_of(beneficiary, provider),
        author=author,
        filed_at=now,
        due_on=day + timedelta(days=delay.decision_days),
    )
    _store(request, uploads, max_bytes=delay.max_upload_bytes, now=now)
    _event(request, action="dépôt", now=now, by=author, note=FiledBy(filed_by).label)
    audit_change(request, user=author)
    return request


@transaction.atomic
def ald_request_assign(*, request: AldRequest, reviewer, by, now=None) -> AldRequest:
    request = AldRequest.objects.select_for_update().get(pk=request.pk)
    before = snapshot(request)
    request.assigned_to = reviewer
    request.save(update_fields=["assigned_to"])
    _event(request, action="attribution", now=now or timezone.now(), by=by, note=str(reviewer))
    audit_change(request, before, user=by)
    return request


def _locked_open(request: AldRequest) -> AldRequest:
    request = (
        AldRequest.objects.select_for_update()
        .select_related("beneficiary__member", "condition")
        .get(pk=request.pk)
    )
    if not request.is_open:
        raise ValidationError({"decision": "la demande est déjà décidée"})
    return request


def _notify(request: AldRequest, *, event: str, subject: str, body: str) -> None:
    notification_queue(
        beneficiary=request.beneficiary, event=event, subject=subject, body=body, related=request
    )


def physician_notify(request: AldRequest, *, event: str, what: str) -> None:
    """Tell the physician who filed the request (a provider of the portal) how it was decided,
    in the same transaction as the decision; `what` is the decision, in a sentence."""
    if request.provider_id is None:
        return
    person = request.beneficiary
    notification_queue(
        provider=request.provider,
        event=f"{event}_physician",
        subject=f"Demande ALD {request.reference} ({request.condition.code})",
        body=f"Demande {request.reference} pour {person.first_name} {person.last_name} : {what}",
        related=request,
    )


@transaction.atomic
def ald_request_ask_info(*, request: AldRequest, reviewer, note: str, now=None) -> AldRequest:
    """More information is needed: the request waits for the physician or the insured."""
    request = _locked_open(request)
    if not note.strip():
        raise ValidationError({"note": "préciser le complément demandé"})
    now, before = now or timezone.now(), snapshot(request)
    request.status, request.info_asked = RequestStatus.INFO_REQUESTED, note.strip()
    request.save(update_fields=["status", "info_asked"])
    _event(request, action="complément demandé", now=now, by=reviewer, note=note.strip())
    _notify(
        request,
        event="ald_request_info",
        subject=f"Demande {request.reference} : complément demandé",
        body=f"Le contrôle médical demande un complément : {note.strip()}",
    )
    physician_notify(request, event="ald_request_info", what=f"complément demandé : {note.strip()}")
    audit_change(request, before, user=reviewer)
    return request


@transaction.atomic
def ald_request_complete(
    *, request: AldRequest, uploads: Sequence[Upload], by, note: str = "", now=None
) -> AldRequest:
    """The physician or the insured sends what was asked: the request is instructed again."""
    request = _locked_open(request)
    if request.status != RequestStatus.INFO_REQUESTED:
        raise ValidationError({"documents": "aucun complément n'est attendu"})
    if not uploads and not note.strip():
        raise ValidationError({"documents": "joindre une pièce ou répondre"})
    now, before = now or timezone.now(), snapshot(request)
    _store(request, uploads, max_bytes=MedicalDelay.in_force(now.date()).max_upload_bytes, now=now)
    request.status = RequestStatus.PENDING
    request.save(update_fields=["status"])
    _event(request, action="complément reçu", now=now, by=by, note=note.strip())
    audit_change(request, before, user=by)
    return request


@transaction.atomic
def ald_request_grant(
    *, request: AldRequest, reviewer, note: str = "", starts_on: date | None = None, now=None
) -> AldRequest:
    """Grant the exemption for the duration of the dated parameters (lifetime for the listed
    conditions): from the certificate's date, or the day after the exemption it renews."""
    request = _locked_open(request)
    if request.status == RequestStatus.COUNTER_EXAM and selectors.exam_pending(request):
        raise ValidationError({"decision": "la contre-visite n'a pas encore eu lieu"})
    now, before = now or timezone.now(), snapshot(request)
    if request.renewal_of_id:
        exemption = ald_exemption_renew(
            exemption=request.renewal_of, decision_ref=request.reference
        )
    else:
        exemption = ald_exemption_grant(
            beneficiary=request.beneficiary,
            condition=request.condition,
            starts_on=starts_on or request.certificate_date,
            decision_ref=request.reference,
        )
    request.status, request.exemption = RequestStatus.GRANTED, exemption
    request.decided_at, request.decided_by, request.decision_note = now, reviewer, note.strip()
    request.save()
    end = f"{exemption.ends_on:%d/%m/%Y}" if exemption.ends_on else "à vie"
    period = f"du {exemption.starts_on:%d/%m/%Y} au {end}" if exemption.ends_on else "à vie"
    _event(request, action="exonération accordée", now=now, by=reviewer, note=period)
    _notify(
        request,
        event="ald_granted",
        subject=f"Exonération {request.condition.code} accordée",
        body=(
            f"Votre demande {request.reference} est accordée : les soins liés à "
            f"{request.condition.label} sont pris en charge au taux ALD {period}."
        ),
    )
    physician_notify(request, event="ald_granted", what=f"exonération accordée {period}.")
    _physician_informed(request, now=now, by=reviewer)
    audit_change(request, before, user=reviewer, reason=note)
    return request


def _physician_informed(request: AldRequest, *, now, by) -> None:
    if request.provider_id or request.physician_inpe:
        _event(
            request,
            action="médecin traitant informé",
            now=now,
            by=by,
            note=request.physician_inpe,
        )


@transaction.atomic
def ald_request_refuse(
    *, request: AldRequest, reviewer, reason: str, note: str = "", now=None
) -> AldRequest:
    request = _locked_open(request)
    if reason not in RefusalReason.values:
        raise ValidationError({"refusal_reason": "choisir un motif de refus"})
    now, before = now or timezone.now(), snapshot(request)
    label = RefusalReason(reason).label
    request.status, request.refusal_reason = RequestStatus.REFUSED, reason
    request.decided_at, request.decided_by = now, reviewer
    request.decision_note = f"{label}. {note.strip()}".strip()
    request.save()
    _event(request, action="refus", now=now, by=reviewer, note=request.decision_note)
    _notify(
        request,
        event="ald_refused",
        subject=f"Demande {request.reference} refusée",
        body=f"Votre demande d'exonération {request.condition.code} est refusée : {request.decision_note}",
    )
    physician_notify(request, event="ald_refused", what=f"refusée : {request.decision_note}")
    _physician_informed(request, now=now, by=reviewer)
    audit_change(request, before, user=reviewer, reason=request.decision_note)
    return request


@transaction.atomic
def renewal_reminders_send(*, today: date) -> int:
    """Remind once every insured person whose exemption ends within the reminder delay and
    who has neither a renewal nor a renewal request; how many were reminded."""
    days = MedicalDelay.in_force(today).reminder_days
    due = (
        AldExemption.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=days),
            renewal_reminder__isnull=True,
            renewed_by__isnull=True,
        )
        .exclude(
            pk__in=AldRequest.objects.filter(
                renewal_of__isnull=False, status__in=selectors.OPEN
            ).values("renewal_of")
        )
        .select_related("beneficiary", "condition")
    )
    sent = 0
    for exemption in due:
        RenewalReminder.objects.create(exemption=exemption, sent_on=today)
        notification_queue(
            beneficiary=exemption.beneficiary,
            event="ald_renewal_reminder",
            subject=f"Exonération {exemption.condition.code} : renouvellement",
            body=(
                f"Votre exonération {exemption.condition.code} prend fin le "
                f"{exemption.ends_on:%d/%m/%Y}. Votre médecin traitant peut en demander le "
                "renouvellement en ligne dès maintenant."
            ),
            related=exemption,
        )
        sent += 1
    return sent
