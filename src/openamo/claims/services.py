"""Use cases that write claims: submit, adjudicate one, adjudicate in bulk, move in the workflow.
One transaction each; keyword-only arguments."""

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from openamo.audit.services import audit_change, snapshot
from openamo.core.identifiers import ean13_problem, inpe_problem
from openamo.core.money import money
from openamo.core.sequences import sequence_take

from .adjudication import Written, statements_write
from .loading import providers_load, referentials_cached, tariffs_load
from .models import (
    AdjudicationRun,
    Claim,
    ClaimLine,
    ClaimStatus,
    ClaimTransition,
    LineKind,
    LineReview,
    ReviewDecision,
    Statement,
    StatementLine,
)

# Where a claim may go from each status, and who moves it there (see docs/claims.md).
TRANSITIONS = {
    ClaimStatus.RECEIVED: {
        ClaimStatus.IN_ADJUDICATION,
        ClaimStatus.WAITING_DOCUMENTS,
        ClaimStatus.MEDICAL_REVIEW,
    },
    ClaimStatus.IN_ADJUDICATION: {
        ClaimStatus.WAITING_DOCUMENTS,
        ClaimStatus.MEDICAL_REVIEW,
        ClaimStatus.RECEIVED,
    },
    ClaimStatus.WAITING_DOCUMENTS: {ClaimStatus.IN_ADJUDICATION, ClaimStatus.RECEIVED},
    ClaimStatus.MEDICAL_REVIEW: {ClaimStatus.IN_ADJUDICATION, ClaimStatus.RECEIVED},
    ClaimStatus.ADJUDICATED: {ClaimStatus.PAID},
    ClaimStatus.PAID: set(),
}
ADJUDICABLE = (ClaimStatus.RECEIVED, ClaimStatus.IN_ADJUDICATION, ClaimStatus.MEDICAL_REVIEW)
CHUNK = 2000


@dataclass(frozen=True)
class LineInput:
    kind: str
    code: str
    care_date: date
    executor_inpe: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None
    prescriber_inpe: str = ""
    prescribed_quantity: Decimal | None = None
    prescription_date: date | None = None
    ald_code: str = ""
    authorization_ref: str = ""


def _positive(value, field: str, errors: dict, allow_none=False):
    if value is None and allow_none:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = f"« {value} » n'est pas un nombre"
        return None
    if not number.is_finite() or number <= 0 or number >= Decimal("1e6"):
        errors[field] = "doit être un nombre positif (moins d'un million)"
    return number


TEXT_FIELDS = ("kind", "code", "executor_inpe", "prescriber_inpe", "ald_code", "authorization_ref")
DECIMAL_FIELDS = ("coefficient", "quantity", "charged", "prescribed_quantity")


def _places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent) if value else 0


def line_problems(number: int, line: LineInput, deposit_date: date) -> dict[str, str]:
    """What is wrong with one submitted line, by field name (`lines.N.field`)."""
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:  # whatever the entry point (REST, FHIR, file, form)
        limit = ClaimLine._meta.get_field(name).max_length
        if len(getattr(line, name) or "") > limit:
            errors[name] = f"texte trop long (au plus {limit} caractères)"
    for name in DECIMAL_FIELDS:
        value = getattr(line, name)
        places = ClaimLine._meta.get_field(name).decimal_places
        if isinstance(value, Decimal) and value.is_finite() and _places(value) > places:
            errors[name] = f"{places} décimales au plus"
    if errors:
        return {f"lines.{number}.{field}": message for field, message in errors.items()}
    if line.kind not in LineKind.values:
        errors["kind"] = f"type inconnu « {line.kind} » (attendu : {', '.join(LineKind.values)})"
    if not line.code:
        errors["code"] = "le code est obligatoire"
    elif line.kind == LineKind.MEDICINE and (problem := ean13_problem(line.code)):
        errors["code"] = problem
    if problem := inpe_problem(line.executor_inpe):
        errors["executor_inpe"] = problem
    if line.prescriber_inpe and (problem := inpe_problem(line.prescriber_inpe)):
        errors["prescriber_inpe"] = problem
    if line.care_date > deposit_date:
        errors["care_date"] = "la date des soins est postérieure à la date de dépôt"
    _positive(line.coefficient, "coefficient", errors)
    _positive(line.quantity, "quantity", errors)
    _positive(line.charged, "charged", errors, allow_none=True)
    _positive(line.prescribed_quantity, "prescribed_quantity", errors, allow_none=True)
    return {f"lines.{number}.{field}": message for field, message in errors.items()}


@transaction.atomic
def claim_submit(
    *,
    beneficiary,
    channel: str,
    deposit_date: date,
    lines: Sequence[LineInput],
    continuous_treatment: bool = False,
    ald_code: str = "",
    idempotency_key: str | None = None,
    user=None,
) -> Claim:
    """Register a claim file. With an idempotency key, a retry returns the claim already made."""
    if idempotency_key and (
        existing := Claim.objects.filter(idempotency_key=idempotency_key).first()
    ):
        return existing
    errors: dict[str, str] = {}
    if not lines:
        errors["lines"] = "un dossier comporte au moins une ligne"
    for number, line in enumerate(lines, 1):
        errors.update(line_problems(number, line, deposit_date))
    if deposit_date > timezone.localdate():
        errors["deposit_date"] = "la date de dépôt est dans le futur"
    if errors:
        raise ValidationError(errors)
    days = [line.care_date for line in lines]
    (number,) = sequence_take("claim")
    claim = Claim(
        reference=f"DM{deposit_date:%Y}{number:09d}",
        idempotency_key=idempotency_key,
        beneficiary=beneficiary,
        scheme_id=beneficiary.scheme_id,
        channel=channel,
        deposit_date=deposit_date,
        first_care_date=min(days),
        last_care_date=max(days),
        continuous_treatment=continuous_treatment,
        ald_code=ald_code,
    )
    if not idempotency_key:
        claim.save(force_insert=True)
    else:
        try:
            with transaction.atomic():  # a concurrent retry with the same key may win
                claim.save(force_insert=True)
        except IntegrityError:
            return Claim.objects.get(idempotency_key=idempotency_key)
    ClaimLine.objects.bulk_create(
        ClaimLine(
            claim=claim,
            number=n,
            kind=x.kind,
            code=x.code,
            care_date=x.care_date,
            executor_inpe=x.executor_inpe,
            prescriber_inpe=x.prescriber_inpe,
            coefficient=x.coefficient,
            quantity=x.quantity,
            charged=x.charged,
            prescribed_quantity=x.prescribed_quantity,
            prescription_date=x.prescription_date,
            ald_code=x.ald_code or ald_code,
            authorization_ref=x.authorization_ref,
        )
        for n, x in enumerate(lines, 1)
    )
    ClaimTransition.objects.create(
        claim=claim,
        to_status=ClaimStatus.RECEIVED,
        at=timezone.now(),
        by=user,
        reason=f"dépôt ({claim.get_channel_display()})",
    )
    audit_change(claim, user=user, extra={"lines": [None, len(lines)]})
    return claim


@transaction.atomic
def claim_adjudicate(*, claim: Claim, user=None, reason: str = "") -> Claim:
    """Adjudicate one claim now (the same code as the batch, on a chunk of one)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in ADJUDICABLE:
        raise ValidationError(
            {"status": f"un dossier « {claim.get_status_display()} » ne peut pas être liquidé"}
        )
    tariffs, providers, stamp = referentials_cached()
    statements_write(
        [claim.pk],
        tariffs=tariffs,
        providers=providers,
        stamp=stamp,
        user=user,
        reason=reason,
        now=timezone.now(),
    )
    claim.refresh_from_db()
    return claim


def _pending_chunk(size: int, partition: tuple[int, int]) -> list[int]:
    """The next received claims of this partition (beneficiary id modulo the worker count), so
    that each beneficiary's claims are adjudicated in order by one worker only."""
    index, count = partition
    pending = Claim.objects.select_for_update(skip_locked=True).filter(status=ClaimStatus.RECEIVED)
    if count > 1:
        pending = pending.annotate(part=F("beneficiary_id") % count).filter(part=index)
    return list(pending.order_by("id").values_list("id", flat=True)[:size])


ANALYZE_EVERY = 20  # chunks


def _statistics_refresh() -> None:
    """On PostgreSQL, refresh the planner's statistics of the tables a batch makes grow: with
    stale ones it would scan whole tables to find the lines already paid (7 s a chunk instead
    of 0.03 s, measured at 100,000 claims)."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Claim, ClaimLine, Statement, StatementLine)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def adjudication_partition_run(
    *,
    run_id: int,
    partition: tuple[int, int] = (0, 1),
    limit: int | None = None,
    chunk: int = CHUNK,
    user=None,
    reason: str = "",
    progress=None,
    notify: bool = True,
) -> int:
    """One worker's share of a batch run: chunk after chunk, one transaction each."""
    run = AdjudicationRun.objects.get(pk=run_id)
    tariffs, providers = tariffs_load(), providers_load()
    done = chunks = 0
    while limit is None or done < limit:
        size = chunk if limit is None else min(chunk, limit - done)
        if chunks % ANALYZE_EVERY == 0:
            _statistics_refresh()
        chunks += 1
        with transaction.atomic():
            ids = _pending_chunk(size, partition)
            if not ids:
                break
            written = statements_write(
                ids,
                tariffs=tariffs,
                providers=providers,
                run=run,
                user=user,
                reason=reason,
                now=timezone.now(),
                notify=notify,
            )
            AdjudicationRun.objects.filter(pk=run.pk).update(
                claims=F("claims") + written.claims,
                lines=F("lines") + written.lines,
                reimbursed=F("reimbursed") + written.reimbursed,
            )
        done += written.claims
        if progress:
            progress(written)
    return done


def _worker(run_id, partition, chunk, user_id, reason, notify=True):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    adjudication_partition_run(
        run_id=run_id, partition=partition, chunk=chunk, user=user, reason=reason, notify=notify
    )


def claims_adjudicate_pending(
    *,
    user=None,
    source: str = "dossiers en attente",
    reason: str = "",
    limit: int | None = None,
    chunk: int = CHUNK,
    workers: int = 1,
    progress: Callable[[Written], None] | None = None,
    notify: bool = True,
) -> AdjudicationRun:
    """Adjudicate every received claim, chunk by chunk (one transaction each): an interrupted
    run leaves whole chunks done and the rest received, and running it again finishes the job.
    On PostgreSQL, `workers` processes share the work by beneficiary. The insured are told
    unless `notify` is false (a historical load, such as the demo fund's past)."""
    run = AdjudicationRun.objects.create(started_by=user, source=source, reason=reason)
    if workers > 1 and limit is None and connection.vendor == "postgresql":
        _run_in_processes(run, workers, chunk, user, reason, progress, notify)
    else:
        adjudication_partition_run(
            run_id=run.pk,
            limit=limit,
            chunk=chunk,
            user=user,
            reason=reason,
            progress=progress,
            notify=notify,
        )
    AdjudicationRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _run_in_processes(run, workers, chunk, user, reason, progress, notify=True) -> None:
    context = multiprocessing.get_context("fork")
    connections.close_all()  # each process opens its own
    processes = [
        context.Process(
            target=_worker,
            args=(run.pk, (k, workers), chunk, user.pk if user else None, reason, notify),
        )
        for k in range(workers)
    ]
    for process in processes:
        process.start()
    seen = Written()
    while any(p.is_alive() for p in processes):
        time.sleep(0.5)
        if progress:
            now = AdjudicationRun.objects.get(pk=run.pk)
            progress(Written(now.claims - seen.claims, now.lines - seen.lines))
            seen = Written(now.claims, now.lines)
    for process in processes:
        process.join()
    failed = [p.exitcode for p in processes if p.exitcode]
    if failed:
        raise RuntimeError(
            f"{len(failed)} processus de liquidation en échec ; relancer pour terminer"
        )


@transaction.atomic
def claim_move(*, claim: Claim, to_status: str, user, reason: str) -> Claim:
    """A workflow step by a named user, with its reason (adjudication and payment have their own
    services)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if to_status not in TRANSITIONS[claim.status] or to_status in (
        ClaimStatus.ADJUDICATED,
        ClaimStatus.PAID,
    ):
        raise ValidationError(
            {
                "to_status": f"passage impossible de « {claim.get_status_display()} » à « {ClaimStatus(to_status).label} »"
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": "le motif est obligatoire"})
    before = snapshot(claim, ["status", "assigned_to"])
    ClaimTransition.objects.create(
        claim=claim,
        from_status=claim.status,
        to_status=to_status,
        at=timezone.now(),
        by=user,
        reason=reason.strip(),
    )
    claim.status = to_status
    claim.assigned_to = user if to_status == ClaimStatus.IN_ADJUDICATION else claim.assigned_to
    claim.save(update_fields=["status", "assigned_to"])
    audit_change(claim, before, user=user, reason=reason.strip())
    if to_status == ClaimStatus.WAITING_DOCUMENTS:
        _notify_more_information(claim, reason.strip())
    return claim


def _notify_more_information(claim: Claim, what: str) -> None:
    from django.urls import reverse

    from openamo.notifications import texts
    from openamo.notifications.services import notification_queue

    subject, body = texts.more_information(reference=claim.reference, what=what)
    notification_queue(
        beneficiary=claim.beneficiary,
        event="claim_more_information",
        subject=subject,
        body=body,
        link=reverse("portal:insured_claims"),
        related=claim,
    )


@transaction.atomic
def claims_reprocess(*, claim_ids: Sequence[int], user, reason: str) -> AdjudicationRun:
    """Adjudicate again adjudicated, unpaid claims (after a tariff correction): a new statement
    version each, the earlier one kept, the run and its reason recorded."""
    if not reason.strip():
        raise ValidationError({"reason": "le motif du retraitement est obligatoire"})
    ids = list(
        Claim.objects.select_for_update()
        .filter(id__in=claim_ids, status=ClaimStatus.ADJUDICATED)
        .order_by("id")
        .values_list("id", flat=True)
    )
    paid = Claim.objects.filter(id__in=claim_ids, status=ClaimStatus.PAID).count()
    if paid:
        raise ValidationError(
            {"claim_ids": f"{paid} dossier(s) déjà payé(s) : retraitement impossible"}
        )
    run = AdjudicationRun.objects.create(started_by=user, source="retraitement", reason=reason)
    tariffs, providers, stamp = referentials_cached()
    written = statements_write(
        ids,
        tariffs=tariffs,
        providers=providers,
        stamp=stamp,
        run=run,
        user=user,
        reason=reason,
        now=timezone.now(),
    )
    AdjudicationRun.objects.filter(pk=run.pk).update(
        claims=written.claims,
        lines=written.lines,
        reimbursed=written.reimbursed,
        finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


REVIEWABLE = (*ADJUDICABLE, ClaimStatus.ADJUDICATED)


@transaction.atomic
def line_review(
    *,
    claim_line: ClaimLine,
    reviewer,
    decision: str,
    justification: str,
    base: Decimal | None = None,
) -> Claim:
    """A medical reviewer rejects a line or lowers its base, with a justification; the claim is
    adjudicated again at once (a new statement version, the reviewer named in the transition)."""
    claim = Claim.objects.select_for_update().get(pk=claim_line.claim_id)
    errors: dict[str, str] = {}
    if claim.status not in REVIEWABLE:
        errors["status"] = f"un dossier « {claim.get_status_display()} » ne peut plus être revu"
    if decision not in ReviewDecision.values:
        errors["decision"] = f"décision inconnue « {decision} »"
    if not justification.strip():
        errors["justification"] = "la justification est obligatoire"
    if decision == ReviewDecision.ADJUST_BASE:
        if base is None:
            errors["base"] = "indiquer la base retenue"
        elif not base.is_finite() or base < 0 or base >= Decimal("1e9"):
            errors["base"] = "la base retenue doit être un montant positif ou nul"
    if errors:
        raise ValidationError(errors)
    justification = justification.strip()[:250]
    review = LineReview.objects.create(
        claim_line=claim_line,
        reviewer=reviewer,
        decision=decision,
        base=money(base) if decision == ReviewDecision.ADJUST_BASE else None,
        justification=justification,
        at=timezone.now(),
    )
    audit_change(review, user=reviewer, reason=justification)
    tariffs, providers, stamp = referentials_cached()
    statements_write(
        [claim.pk],
        tariffs=tariffs,
        providers=providers,
        stamp=stamp,
        user=reviewer,
        reason=f"contrôle médical, ligne {claim_line.number} : {justification}",
        now=timezone.now(),
    )
    claim.refresh_from_db()
    return claim
