"""Adjudicate claims and store their statements: one path for one claim and for millions.

`statements_write` runs the engine over a chunk of claims in id order (each claim sees the
lines accepted for the claims before it, as if they had been adjudicated one by one) and
writes the statements, their lines and the transitions in bulk. The single-claim service and
the batch both call it, so their results are identical by construction; a property test
checks it anyway.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils.module_loading import import_string

from openamo.audit.services import audit_write_many
from openamo.core.bulk import rows_insert
from openamo.core.money import ZERO
from openamo.notifications import texts
from openamo.notifications.services import Message, notifications_queue_many

from . import engine
from .audit import adjudication_changes
from .loading import authorizations_load, claims_load, coverages_load, paid_keys_load
from .models import Claim, ClaimStatus, ClaimTransition, Statement, StatementLine
from .reasons import LABELS, Reason
from .tariffs import Tariffs


@dataclass
class Written:
    claims: int = 0
    lines: int = 0
    reimbursed: Decimal = ZERO


STATEMENT_FIELDS = (
    "claim_id",
    "version",
    "run_id",
    "adjudicated_by_id",
    "adjudicated_at",
    "outcome",
    "total_charged",
    "total_base",
    "total_reimbursed",
    "total_copayment",
    "total_beyond_base",
    "rejection_code",
    "rejection_message",
    "reason",
)
LINE_FIELDS = (
    "statement_id",
    "claim_line_id",
    "number",
    "label",
    "quotation",
    "care_category",
    "sector",
    "unit_value",
    "act_value",
    "charged",
    "base",
    "rate",
    "reimbursed",
    "copayment",
    "beyond_base",
    "ald_applied",
    "rejection_code",
    "rejection_message",
    "deductions",
)
TRANSITION_FIELDS = ("claim_id", "from_status", "to_status", "at", "by_id", "run_id", "reason")


def _statement_row(claim_id, version, result: engine.Statement, run_id, user_id, now, reason):
    rejection = result.rejection
    return (
        claim_id,
        version,
        run_id,
        user_id,
        now,
        result.outcome,
        result.total("charged"),
        result.total("base"),
        result.total("reimbursed"),
        result.total("copayment"),
        result.total("beyond_base"),
        rejection.code.value if rejection else "",
        rejection.message[:300] if rejection else "",
        reason,
    )


def _line_row(statement_id, line_id, line: engine.StatementLine) -> tuple:
    rejection = line.rejection
    return (
        statement_id,
        line_id,
        line.number,
        line.label[:250],
        line.quotation[:60],
        line.care_category,
        line.sector,
        line.unit_value,
        line.act_value,
        line.charged,
        line.base,
        line.rate,
        line.reimbursed,
        line.copayment,
        line.beyond_base,
        line.ald_applied,
        rejection.code.value if rejection else "",
        rejection.message[:300] if rejection else "",
        [
            {"code": d.code.value, "amount": str(d.amount), "message": d.message}
            for d in line.deductions
        ],
    )


def statements_write(
    claim_ids: list[int],
    *,
    tariffs: Tariffs,
    providers: dict,
    run=None,
    user=None,
    reason: str = "",
    now: datetime,
    stamp: str | None = None,
    notify: bool = True,
) -> Written:
    """Adjudicate these claims (already locked by the caller's transaction) and store the
    results; the insured are told (one message per claim, queued in one statement) unless
    `notify` is false (a historical load). `stamp`: the referential version the caller read
    (the screening then need not read it)."""
    loaded = claims_load(claim_ids)
    beneficiaries = {claim_id: claim.beneficiary_id for claim_id, claim, _ in loaded}
    beneficiary_ids = sorted({claim.beneficiary_id for _, claim, _ in loaded})
    coverages = coverages_load(beneficiary_ids)
    paid = paid_keys_load(beneficiary_ids, excluding=claim_ids)
    references = {x.authorization_ref for _, claim, _ in loaded for x in claim.lines}
    # a line is authorised only by the agreement its reference names: none named, none needed
    authorizations = authorizations_load(beneficiary_ids) if references - {None} else {}
    claims = {
        c.pk: c
        for c in Claim.objects.filter(id__any=claim_ids)
        .only("id", "status", "reference")
        .annotate(last_version=Max("statements__version"))
    }
    versions = {pk: c.last_version for pk, c in claims.items() if c.last_version is not None}
    statuses = {pk: c.status for pk, c in claims.items()}
    screening = screening_open(claim_ids, beneficiary_ids, now, stamp)
    results, held_claims = [], set()
    for claim_id, claim, line_ids in loaded:
        context = engine.Context(
            tariffs, coverages[claim.beneficiary_id], providers, paid, authorizations
        )
        result = engine.adjudicate(claim, context)
        if screening is not None:
            held = screening.screen(claim_id, claim, line_ids, result)
            if held:
                result = lines_hold(result, held)
                held_claims.add(claim_id)
        paid.update(
            engine.duplicate_key(claim.beneficiary_id, source)
            for source, line in zip(claim.lines, result.lines, strict=True)
            if line.accepted
        )
        results.append((claim_id, line_ids, result))

    run_id, user_id = (run.pk if run else None), (user.pk if user else None)
    statement_ids = rows_insert(
        Statement,
        STATEMENT_FIELDS,
        [
            _statement_row(cid, versions.get(cid, 0) + 1, result, run_id, user_id, now, reason)
            for cid, _, result in results
        ],
        with_ids=True,
    )
    rows_insert(
        StatementLine,
        LINE_FIELDS,
        [
            _line_row(statement_id, line_ids[line.number], line)
            for statement_id, (_, line_ids, result) in zip(statement_ids, results, strict=True)
            for line in result.lines
        ],
    )
    rows_insert(
        ClaimTransition,
        TRANSITION_FIELDS,
        [
            (
                cid,
                statuses[cid],
                _status_after(cid, held_claims),
                now,
                user_id,
                run_id,
                (reason or result.outcome) if cid not in held_claims else HELD_TRANSITION,
            )
            for cid, _, result in results
        ],
    )
    Claim.objects.filter(id__any=claim_ids).exclude(id__any=list(held_claims)).update(
        status=ClaimStatus.ADJUDICATED, assigned_to=None
    )
    if held_claims:
        Claim.objects.filter(id__any=list(held_claims)).update(
            status=ClaimStatus.MEDICAL_REVIEW, assigned_to=None
        )
    if screening is not None:
        screening.finish(now=now)
    audit_write_many(
        user=user,
        label="" if user else f"traitement automatique ({run})" if run else "",
        changes=adjudication_changes(claims, versions, results, reason),
    )
    if notify:
        notifications_queue_many(
            adjudication_messages(results, claims, beneficiaries, held_claims), now=now
        )
    return Written(
        claims=len(results),
        lines=sum(len(r.lines) for _, _, r in results),
        reimbursed=sum((r.total("reimbursed") for _, _, r in results), ZERO),
    )


HELD_TRANSITION = "prestation(s) suspendue(s) pour contrôle avant paiement"


def adjudication_messages(results, claims, beneficiaries, held_claims) -> list[Message]:
    """Claim adjudicated (with the amount) or line(s) rejected, per claim not held for control,
    with the link to the statement in the insured space."""
    if not results:
        return []
    claim_type = ContentType.objects.get_for_model(Claim).pk
    link = reverse("portal:insured_statement", args=["REF"])
    out = []
    for claim_id, _, result in results:
        if claim_id in held_claims:
            continue
        reference = claims[claim_id].reference
        reimbursed = result.total("reimbursed")
        rejected = [
            (line.number, line.label, line.rejection.message)
            for line in result.lines
            if line.rejection is not None and not line.accepted
        ]
        if rejected:
            event = "claim_line_rejected"
            subject, body = texts.claim_line_rejected(
                reference=reference, reimbursed=reimbursed, rejected=rejected
            )
        else:
            event = "claim_adjudicated"
            subject, body = texts.claim_adjudicated(
                reference=reference, charged=result.total("charged"), reimbursed=reimbursed
            )
        out.append(
            Message(
                "beneficiary",
                beneficiaries[claim_id],
                event,
                subject,
                body,
                link=link.replace("REF", reference),
                related_type_id=claim_type,
                related_id=claim_id,
            )
        )
    return out


def _status_after(claim_id: int, held_claims: set[int]) -> str:
    if claim_id in held_claims:
        return ClaimStatus.MEDICAL_REVIEW.value
    return ClaimStatus.ADJUDICATED.value


def screening_open(claim_ids: list[int], beneficiary_ids: list[int], now: datetime, stamp=None):
    """The pre-payment screening of this chunk, built by the callable that
    `settings.OPENAMO_PREPAYMENT_SCREEN` names (none when empty): the claims app does not know
    who screens. It offers `screen(claim_id, claim, line_ids, result) -> {number: why}` and
    `finish(now=...)`."""
    path = getattr(settings, "OPENAMO_PREPAYMENT_SCREEN", "")
    if not path:
        return None
    extra = {"stamp": stamp} if stamp else {}
    return import_string(path)(
        claim_ids=claim_ids, beneficiary_ids=beneficiary_ids, day=now.date(), **extra
    )


def lines_hold(result: engine.Statement, held: dict[int, str]) -> engine.Statement:
    """The statement with these lines held for review: not paid, with the reason."""
    label = LABELS[Reason.HELD_FOR_CONTROL]
    return replace(
        result,
        lines=tuple(
            replace(
                line,
                base=ZERO,
                rate=ZERO,
                reimbursed=ZERO,
                copayment=ZERO,
                beyond_base=line.charged,
                ald_applied=False,
                deductions=(),
                rejection=engine.Adjustment(
                    Reason.HELD_FOR_CONTROL, ZERO, f"{label} : {held[line.number]}"
                ),
            )
            if line.number in held
            else line
            for line in result.lines
        ),
    )
