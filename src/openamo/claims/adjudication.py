"""Adjudicate claims and store their statements: one path for one claim and for millions.

`statements_write` runs the engine over a chunk of claims in id order (each claim sees the
lines accepted for the claims before it, as if they had been adjudicated one by one) and
writes the statements, their lines and the transitions in bulk. The single-claim service and
the batch both call it, so their results are identical by construction; a property test
checks it anyway.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Max

from openamo.audit.services import audit_write_many
from openamo.core.bulk import rows_insert
from openamo.core.money import ZERO

from . import engine
from .audit import adjudication_changes
from .loading import authorizations_load, claims_load, coverages_load, paid_keys_load
from .models import Claim, ClaimStatus, ClaimTransition, Statement, StatementLine
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
) -> Written:
    """Adjudicate these claims (already locked by the caller's transaction) and store the results."""
    loaded = claims_load(claim_ids)
    beneficiary_ids = sorted({claim.beneficiary_id for _, claim, _ in loaded})
    coverages = coverages_load(beneficiary_ids)
    paid = paid_keys_load(beneficiary_ids, excluding=claim_ids)
    authorizations = authorizations_load(beneficiary_ids)
    versions = dict(
        Statement.objects.filter(claim_id__any=claim_ids)
        .values("claim_id")
        .annotate(v=Max("version"))
        .values_list("claim_id", "v")
    )
    claims = {
        c.pk: c for c in Claim.objects.filter(id__any=claim_ids).only("id", "status", "reference")
    }
    statuses = {pk: c.status for pk, c in claims.items()}
    results = []
    for claim_id, claim, line_ids in loaded:
        context = engine.Context(
            tariffs, coverages[claim.beneficiary_id], providers, paid, authorizations
        )
        result = engine.adjudicate(claim, context)
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
                ClaimStatus.ADJUDICATED.value,
                now,
                user_id,
                run_id,
                reason or result.outcome,
            )
            for cid, _, result in results
        ],
    )
    Claim.objects.filter(id__any=claim_ids).update(status=ClaimStatus.ADJUDICATED, assigned_to=None)
    audit_write_many(
        user=user,
        label="" if user else f"traitement automatique ({run})" if run else "",
        changes=adjudication_changes(claims, versions, results, reason),
    )
    return Written(
        claims=len(results),
        lines=sum(len(r.lines) for _, _, r in results),
        reimbursed=sum((r.total("reimbursed") for _, _, r in results), ZERO),
    )
