"""Counter-examinations (contre-visites): ordered by a medical reviewer on a claim line, an
authorisation request or an ALD request; the insured person is convened (date, place,
practitioner); attendance, findings and the outcome are recorded, and the outcome is applied
to what was examined, with its reason:

- a claim line: confirmed (unchanged), reduced (its base held to an amount) or refused, through
  the claims app's line review, so the reason shows on the statement;
- an authorisation request: approved, partly approved (lower quantities) or refused;
- an ALD request: granted or refused.

An insured person who does not come is refused with the reason « absence à la contre-visite ».
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.audit.services import audit_change, snapshot
from openamo.core.sequences import sequence_take
from openamo.notifications.services import notification_queue

from . import services
from .models import (
    AldRequest,
    CounterExamination,
    ExamOutcome,
    ExamStatus,
    RefusalReason,
    RequestStatus,
)

NO_SHOW_REASON = "Absence à la contre-visite"


def _subject_problems(claim_line, authorization, ald_request) -> tuple[object, dict]:
    given = [s for s in (claim_line, authorization, ald_request) if s is not None]
    if len(given) != 1:
        return None, {
            "subject": "une contre-visite porte sur une ligne, une prise en charge ou une demande ALD"
        }
    if claim_line is not None:
        return claim_line.claim.beneficiary, {}
    if authorization is not None:
        if authorization.decided:
            return None, {"subject": "la prise en charge est déjà décidée"}
        return authorization.beneficiary, {}
    if not ald_request.is_open:
        return None, {"subject": "la demande ALD est déjà décidée"}
    return ald_request.beneficiary, {}


@transaction.atomic
def counter_exam_order(
    *,
    reviewer,
    motive: str,
    scheduled_at: datetime,
    place: str,
    practitioner: str,
    claim_line=None,
    authorization=None,
    ald_request: AldRequest | None = None,
    now: datetime | None = None,
) -> CounterExamination:
    now = now or timezone.now()
    beneficiary, errors = _subject_problems(claim_line, authorization, ald_request)
    if scheduled_at <= now:
        errors["scheduled_at"] = "la convocation doit être dans le futur"
    for field, value in (("motive", motive), ("place", place), ("practitioner", practitioner)):
        if not value.strip():
            errors[field] = "champ obligatoire"
    if errors:
        raise ValidationError(errors)
    number = sequence_take(f"counter_exam_{now.year}")[0]
    exam = CounterExamination.objects.create(
        reference=f"CV-{now.year}-{number:06d}",
        beneficiary=beneficiary,
        claim_line=claim_line,
        authorization=authorization,
        ald_request=ald_request,
        motive=motive.strip()[:300],
        ordered_by=reviewer,
        ordered_at=now,
        scheduled_at=scheduled_at,
        place=place.strip(),
        practitioner=practitioner.strip(),
    )
    if ald_request is not None:
        locked = AldRequest.objects.select_for_update().get(pk=ald_request.pk)
        locked.status = RequestStatus.COUNTER_EXAM
        locked.save(update_fields=["status"])
        services._event(
            locked, action="contre-visite ordonnée", now=now, by=reviewer, note=exam.reference
        )
        services.physician_notify(
            locked,
            event="ald_counter_exam",
            what=f"contre-visite ordonnée ({exam.reference}), l'assuré est convoqué.",
        )
    when = timezone.localtime(scheduled_at)
    notification_queue(
        beneficiary=beneficiary,
        event="counter_exam_convocation",
        subject=f"Convocation à une contre-visite le {when:%d/%m/%Y à %H:%M}",
        body=(
            f"Le contrôle médical vous convoque le {when:%d/%m/%Y à %H:%M}, {exam.place}, "
            f"auprès du {exam.practitioner}. Munissez-vous de votre CIN et de vos documents "
            "médicaux. Une absence non justifiée entraîne le refus de la prestation."
        ),
        related=exam,
    )
    audit_change(exam, user=reviewer)
    return exam


def _locked(exam: CounterExamination, *allowed: str) -> CounterExamination:
    exam = CounterExamination.objects.select_for_update().get(pk=exam.pk)
    if exam.status not in allowed:
        raise ValidationError({"status": f"contre-visite « {exam.get_status_display()} »"})
    return exam


@transaction.atomic
def counter_exam_attended(
    *, exam: CounterExamination, reviewer, findings: str
) -> CounterExamination:
    exam = _locked(exam, ExamStatus.SCHEDULED)
    if not findings.strip():
        raise ValidationError({"findings": "saisir les constatations"})
    before = snapshot(exam)
    exam.status, exam.findings = ExamStatus.ATTENDED, findings.strip()
    exam.save(update_fields=["status", "findings"])
    audit_change(exam, before, user=reviewer)
    return exam


@transaction.atomic
def counter_exam_decide(
    *,
    exam: CounterExamination,
    reviewer,
    outcome: str,
    reason: str,
    reduced_base: Decimal | None = None,
    granted_quantities: dict[int, Decimal] | None = None,
    now: datetime | None = None,
) -> CounterExamination:
    """The outcome of an attended examination, applied to what was examined."""
    exam = _locked(exam, ExamStatus.ATTENDED)
    errors = {}
    if outcome not in ExamOutcome.values:
        errors["outcome"] = "avis inconnu"
    if not reason.strip():
        errors["outcome_reason"] = "le motif de l'avis est obligatoire"
    if outcome == ExamOutcome.REDUCE and exam.ald_request_id:
        errors["outcome"] = "une exonération s'accorde ou se refuse"
    if outcome == ExamOutcome.REDUCE and exam.claim_line_id and reduced_base is None:
        errors["reduced_base"] = "indiquer la base retenue"
    if errors:
        raise ValidationError(errors)
    now, before = now or timezone.now(), snapshot(exam)
    exam.status, exam.outcome, exam.outcome_reason = ExamStatus.DECIDED, outcome, reason.strip()
    exam.reduced_base = reduced_base if outcome == ExamOutcome.REDUCE else None
    exam.decided_at, exam.decided_by = now, reviewer
    exam.save()
    _apply(exam, reviewer=reviewer, granted_quantities=granted_quantities or {}, now=now)
    audit_change(exam, before, user=reviewer, reason=exam.outcome_reason)
    return exam


@transaction.atomic
def counter_exam_no_show(*, exam: CounterExamination, reviewer, now=None) -> CounterExamination:
    """The insured person did not come: what was examined is refused with that reason."""
    exam = _locked(exam, ExamStatus.SCHEDULED)
    now, before = now or timezone.now(), snapshot(exam)
    if exam.scheduled_at > now:
        raise ValidationError({"status": "la convocation n'a pas encore eu lieu"})
    exam.status, exam.outcome, exam.outcome_reason = (
        ExamStatus.NO_SHOW,
        ExamOutcome.REFUSE,
        NO_SHOW_REASON,
    )
    exam.decided_at, exam.decided_by = now, reviewer
    exam.save()
    _apply(exam, reviewer=reviewer, granted_quantities={}, now=now, no_show=True)
    audit_change(exam, before, user=reviewer, reason=NO_SHOW_REASON)
    return exam


def _apply(exam, *, reviewer, granted_quantities, now, no_show=False) -> None:
    reason = f"contre-visite {exam.reference} : {exam.outcome_reason}"
    if exam.claim_line_id:
        _apply_line(exam, reviewer=reviewer, reason=reason)
    elif exam.authorization_id:
        _apply_authorization(exam, reviewer, reason, granted_quantities, now)
    else:
        _apply_ald(exam, reviewer=reviewer, reason=reason, now=now, no_show=no_show)


def _apply_line(exam, *, reviewer, reason) -> None:
    from openamo.claims.models import ReviewDecision
    from openamo.claims.services import line_review

    if exam.outcome == ExamOutcome.CONFIRM:
        return
    line_review(
        claim_line=exam.claim_line,
        reviewer=reviewer,
        decision=ReviewDecision.REJECT
        if exam.outcome == ExamOutcome.REFUSE
        else ReviewDecision.ADJUST_BASE,
        base=exam.reduced_base if exam.outcome == ExamOutcome.REDUCE else None,
        justification=reason,
    )


def _apply_authorization(exam, reviewer, reason, granted_quantities, now) -> None:
    from openamo.authorizations.models import RefusalReason as AuthorizationRefusal
    from openamo.authorizations.services import authorization_decide

    decision = {
        ExamOutcome.CONFIRM: "approve",
        ExamOutcome.REDUCE: "partly_approve",
        ExamOutcome.REFUSE: "refuse",
    }[exam.outcome]
    authorization_decide(
        request=exam.authorization,
        user=reviewer,
        decision=decision,
        granted_quantities=granted_quantities,
        refusal_reason=AuthorizationRefusal.NOT_JUSTIFIED if decision == "refuse" else "",
        note=reason,
        now=now,
    )


def _apply_ald(exam, *, reviewer, reason, now, no_show) -> None:
    if exam.outcome == ExamOutcome.CONFIRM:
        services.ald_request_grant(
            request=exam.ald_request, reviewer=reviewer, note=reason, now=now
        )
        return
    services.ald_request_refuse(
        request=exam.ald_request,
        reviewer=reviewer,
        reason=RefusalReason.NO_SHOW if no_show else RefusalReason.COUNTER_EXAM,
        note=reason,
        now=now,
    )
