"""Writes of the controllers' workspace, one transaction each: alert triage, cases, their
notes, documents and status flow, preventive suspensions of payments and their lifting."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.core.sequences import sequence_take
from openamo.documents.services import document_store, upload_check
from openamo.payments.services import payment_hold_lift, payment_hold_set, receivable_create

from .models import (
    Alert,
    AlertStatus,
    Case,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    CaseSuspension,
    Verdict,
)

CLOSED = {
    CaseStatus.CLOSED_UNFOUNDED,
    CaseStatus.CLOSED_ABUSE,
    CaseStatus.CLOSED_COURT,
    CaseStatus.CLOSED_RECOVERED,
}
NEXT = {
    CaseStatus.OPEN: {CaseStatus.INVESTIGATING, *CLOSED},
    CaseStatus.INVESTIGATING: CLOSED,
}


def _event(case, kind, *, by, text="", from_status="", to_status="") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        by=by,
        at=timezone.now(),
        text=text,
        from_status=from_status,
        to_status=to_status,
    )


def _locked_alerts(alerts: Sequence[Alert]) -> list[Alert]:
    ids = [a.pk for a in alerts]
    if not ids:
        raise ValidationError({"alerts": "sélectionner au moins une alerte"})
    return list(Alert.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def alerts_dismiss(*, alerts: Sequence[Alert], reason: str, by) -> int:
    """Dismiss new alerts with a reason; their verdict is then "dismissed"."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "le motif du classement est obligatoire"})
    rows = _locked_alerts(alerts)
    taken = [a for a in rows if a.status != AlertStatus.NEW]
    if taken:
        raise ValidationError(
            {"alerts": f"{len(taken)} alerte(s) déjà traitée(s) : les retirer de la sélection"}
        )
    return Alert.objects.filter(pk__in=[a.pk for a in rows]).update(
        status=AlertStatus.DISMISSED,
        verdict=Verdict.DISMISSED,
        dismiss_reason=reason.strip()[:300],
    )


@transaction.atomic
def alerts_attach(*, case: Case, alerts: Sequence[Alert], by) -> int:
    """Attach new alerts to an open case; the case's amount at stake grows by theirs."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in CLOSED:
        raise ValidationError({"case": f"le dossier {case.reference} est clos"})
    rows = _locked_alerts(alerts)
    taken = [a for a in rows if a.status != AlertStatus.NEW]
    if taken:
        raise ValidationError(
            {"alerts": f"{len(taken)} alerte(s) déjà traitée(s) : les retirer de la sélection"}
        )
    Alert.objects.filter(pk__in=[a.pk for a in rows]).update(status=AlertStatus.IN_CASE, case=case)
    case.amount_at_stake += sum((a.amount_at_stake for a in rows), Decimal("0.00"))
    case.save(update_fields=["amount_at_stake"])
    for alert in rows:
        _event(case, CaseEventKind.ALERT, by=by, text=alert.explanation)
    return len(rows)


@transaction.atomic
def case_open(
    *,
    title: str,
    by,
    alerts: Sequence[Alert] = (),
    beneficiary=None,
    member=None,
    provider=None,
    assigned_to=None,
) -> Case:
    """Open a case on a subject (taken from the first alert when not given)."""
    if not (title or "").strip():
        raise ValidationError({"title": "l'objet du dossier est obligatoire"})
    first = alerts[0] if alerts else None
    if first is not None and not (beneficiary or member or provider):
        beneficiary, member, provider = first.beneficiary, first.member, first.provider
    if not (beneficiary or member or provider):
        raise ValidationError({"subject": "désigner un assuré, une famille ou un prestataire"})
    now = timezone.now()
    (number,) = sequence_take("fraud_case")
    case = Case.objects.create(
        reference=f"ENQ-{now:%Y}-{number:05d}",
        title=title.strip()[:200],
        beneficiary=beneficiary,
        member=member or (beneficiary.member if beneficiary else None),
        provider=provider,
        assigned_to=assigned_to or by,
        opened_at=now,
        opened_by=by,
    )
    _event(case, CaseEventKind.STATUS, by=by, to_status=CaseStatus.OPEN, text="ouverture")
    if alerts:
        alerts_attach(case=case, alerts=alerts, by=by)
        case.refresh_from_db()
    return case


@transaction.atomic
def case_assign(*, case: Case, to, by) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.assigned_to = to
    case.save(update_fields=["assigned_to"])
    _event(case, CaseEventKind.DECISION, by=by, text=f"dossier confié à {to.get_username()}")
    return case


@transaction.atomic
def case_note_add(*, case: Case, text: str, by) -> CaseNote:
    if not (text or "").strip():
        raise ValidationError({"text": "la note est vide"})
    return CaseNote.objects.create(case=case, text=text.strip(), by=by, at=timezone.now())


@transaction.atomic
@transaction.atomic
def case_document_add(*, case: Case, upload, label: str, by) -> CaseDocument:
    """Attach a document (PDF, JPEG, PNG, XLSX or CSV told by its content, at most 10 Mo),
    kept by the document store."""
    kind = upload_check(upload, field="file")
    label = (label or "").strip() or upload.name
    row = CaseDocument.objects.create(
        case=case,
        label=label[:200],
        content_type=kind.mime,
        size=upload.size,
        by=by,
        at=timezone.now(),
    )
    document_store(upload=upload, owner=row, user=by, beneficiary_id=case.beneficiary_id)
    return row


@transaction.atomic
def case_move(*, case: Case, to: str, by, note: str = "") -> Case:
    """Move a case along open → investigating → closed; closing stores each alert's verdict
    (unfounded: dismissed, otherwise confirmed)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to not in NEXT.get(case.status, set()):
        raise ValidationError(
            {"status": f"passage impossible de « {case.get_status_display()} » à ce statut"}
        )
    if to in CLOSED and not (note or "").strip():
        raise ValidationError({"note": "motiver la clôture du dossier"})
    if to == CaseStatus.CLOSED_RECOVERED and case.amount_recovered <= 0:
        raise ValidationError({"status": "enregistrer d'abord l'indu à recouvrer"})
    unfounded = to == CaseStatus.CLOSED_UNFOUNDED
    if unfounded and case.suspensions.filter(hold__lifted_at__isnull=True).exists():
        raise ValidationError(
            {"status": "lever d'abord la suspension des paiements par une décision"}
        )
    before = case.status
    case.status = to
    if to in CLOSED:
        case.closed_at = timezone.now()
        verdict = Verdict.DISMISSED if to == CaseStatus.CLOSED_UNFOUNDED else Verdict.CONFIRMED
        case.alerts.update(verdict=verdict)
    case.save(update_fields=["status", "closed_at"])
    _event(case, CaseEventKind.STATUS, by=by, from_status=before, to_status=to, text=note)
    return case


@transaction.atomic
def case_decision_record(*, case: Case, text: str, by) -> CaseEvent:
    if not (text or "").strip():
        raise ValidationError({"decision": "le texte de la décision est obligatoire"})
    return _event(case, CaseEventKind.DECISION, by=by, text=text.strip())


@transaction.atomic
def case_suspend(
    *, case: Case, by, member=None, provider=None, starts_on: date | None = None
) -> CaseSuspension:
    """Suspend a payee's payments (an insured member or a provider) with the case as reason."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in CLOSED:
        raise ValidationError({"case": f"le dossier {case.reference} est clos"})
    if (member is None) == (provider is None):
        raise ValidationError({"payee": "désigner l'assuré ou le prestataire à suspendre"})
    hold = payment_hold_set(
        member=member,
        provider=provider,
        reason=f"Dossier d'investigation {case.reference} : {case.title}",
        starts_on=starts_on or timezone.localdate(),
        by=by,
        case_reference=case.reference,
    )
    payee = member.full_name if member else provider.name
    _event(case, CaseEventKind.SUSPENSION, by=by, text=f"paiements suspendus : {payee}")
    return CaseSuspension.objects.create(case=case, hold=hold)


@transaction.atomic
def case_suspension_lift(*, suspension: CaseSuspension, decision: CaseEvent | None, by):
    """Lift a suspension: only with a decision recorded on the same case and not used yet."""
    suspension = CaseSuspension.objects.select_for_update().get(pk=suspension.pk)
    if (
        decision is None
        or decision.kind != CaseEventKind.DECISION
        or decision.case_id != suspension.case_id
    ):
        raise ValidationError(
            {"decision": "la levée exige une décision enregistrée sur ce dossier"}
        )
    if CaseSuspension.objects.filter(lift_decision=decision).exists():
        raise ValidationError({"decision": "cette décision a déjà levé une suspension"})
    reference = suspension.case.reference
    payment_hold_lift(
        hold=suspension.hold,
        by=by,
        reason=f"Décision du dossier {reference} : {decision.text}",
        decision=decision.text,
    )
    suspension.lift_decision = decision
    suspension.save(update_fields=["lift_decision"])
    _event(suspension.case, CaseEventKind.LIFT, by=by, text=decision.text)
    return suspension


@transaction.atomic
def case_suspension_lift_decide(*, suspension: CaseSuspension, text: str, by):
    """Record the decision on the case and lift the suspension with it, together."""
    decision = case_decision_record(case=suspension.case, text=text, by=by)
    return case_suspension_lift(suspension=suspension, decision=decision, by=by)


@transaction.atomic
def case_recovery_record(*, case: Case, amount, by, payee: str) -> Case:
    """The amount to recover from the case's provider or family (`payee`: "provider" or
    "member"): a receivable netted on the payee's next payment orders."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    target = {"provider": case.provider, "member": case.member}.get(payee)
    if target is None:
        raise ValidationError({"payee": "ce dossier ne désigne pas ce débiteur"})
    receivable = receivable_create(
        amount=amount,
        reason=f"Indu constaté par le dossier d'investigation {case.reference}",
        source_reference=case.reference,
        by=by,
        **{payee: target},
    )
    case.amount_recovered += receivable.amount
    case.save(update_fields=["amount_recovered"])
    name = target.name if payee == "provider" else target.full_name
    _event(case, CaseEventKind.RECOVERY, by=by, text=f"{receivable.amount} DH à recouvrer : {name}")
    return case
