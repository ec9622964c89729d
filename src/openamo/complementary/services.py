"""Complementary statements: computed from a base statement, stored, audited.

One contract per claim: the beneficiary's enrolment in force on the claim's first care date
(a mutuelle's cover before a group contract when both cover the date). A base statement gets
one complementary statement per contract; when the claim is adjudicated again, the new base
statement's complementary statement supersedes the earlier one (which stops counting against
the yearly ceilings).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.audit.services import audit_change
from openamo.claims.models import Statement

from . import remainder as core
from . import terms
from .models import ComplementaryLine, ComplementaryStatement, Contract, ContractKind, Enrolment


@dataclass(frozen=True)
class Computed:
    contract: Contract
    lines: list[tuple[object, core.BaseLine, core.Result]]


def contract_for(*, beneficiary_id: int, day) -> Contract | None:
    rows = (
        Enrolment.objects.in_force_on(day)
        .filter(beneficiary_id=beneficiary_id)
        .select_related("contract")
    )
    contracts = sorted(
        (e.contract for e in rows), key=lambda c: (c.kind != ContractKind.MUTUELLE, c.pk)
    )
    return contracts[0] if contracts else None


def base_line_of(statement_line, beneficiary_id: int, member_id: int) -> core.BaseLine:
    claim_line = statement_line.claim_line
    return core.BaseLine(
        key=statement_line.pk,
        beneficiary=beneficiary_id,
        family=member_id,
        care_date=claim_line.care_date,
        category=statement_line.care_category,
        code=claim_line.code,
        executor=claim_line.executor_inpe,
        quantity=claim_line.quantity,
        charged=statement_line.charged,
        base=statement_line.base,
        reimbursed=statement_line.reimbursed,
        rejected=bool(statement_line.rejection_code),
    )


def compute(*, statement: Statement, contract: Contract) -> Computed:
    """The complementary share of each line of a base statement (no write)."""
    claim = statement.claim
    beneficiary = claim.beneficiary
    lines = list(statement.lines.select_related("claim_line").order_by("number"))
    base_lines = [base_line_of(sl, beneficiary.pk, beneficiary.member_id) for sl in lines]
    days = [bl.care_date for bl in base_lines] or [claim.first_care_date]
    contract_terms = terms.ContractTerms(contract.pk, min(days), max(days))
    enrolled = terms.enrolments(contract.pk, [beneficiary.pk]).get(beneficiary.pk, [])
    ledger = terms.ledger_for(
        contract_id=contract.pk,
        families=[beneficiary.member_id],
        years={d.year for d in days},
        exclude_claim=claim.pk,
    )
    results = core.remainder(
        base_lines, lambda bl: terms.cover_on(contract_terms, enrolled, bl.care_date), ledger
    )
    by_key = {sl.pk: (sl, bl) for sl, bl in zip(lines, base_lines, strict=True)}
    return Computed(contract, [(*by_key[r.key], r) for r in results])


def _cuts(result: core.Result) -> list[dict]:
    return [{"code": c.code, "message": c.message, "amount": str(c.amount)} for c in result.cuts]


def line_rows(statement_row: ComplementaryStatement, computed: Computed, member_id: int):
    ordered = sorted(computed.lines, key=lambda t: t[0].number)
    return [
        ComplementaryLine(
            statement=statement_row,
            base_line=sl,
            number=sl.number,
            beneficiary_id=bl.beneficiary,
            member_id=member_id,
            care_date=bl.care_date,
            care_category=bl.category,
            guarantee_id=r.guarantee,
            network=r.network,
            charged=r.charged,
            base_reimbursed=r.reimbursed,
            computed=r.computed,
            complementary=r.complementary,
            remainder=r.remainder,
            cuts=_cuts(r),
        )
        for sl, bl, r in ordered
    ]


def _total(results, name: str) -> Decimal:
    return sum((getattr(r, name) for r in results), Decimal("0.00"))


def complementary_statement_compute(
    *, statement: Statement, contract: Contract | None = None, user=None
) -> ComplementaryStatement | None:
    """Compute and store the complementary statement of a base statement; the one already
    stored for that statement and contract is returned as is. None when no contract covers
    the beneficiary on the first care date."""
    claim = statement.claim
    if contract is None:
        contract = contract_for(beneficiary_id=claim.beneficiary_id, day=claim.first_care_date)
        if contract is None:
            return None
    existing = ComplementaryStatement.objects.filter(
        base_statement=statement, contract=contract
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        latest = Statement.objects.filter(claim=claim).order_by("-version").first()
        if latest is None or latest.pk != statement.pk:
            raise ValidationError(
                {
                    "statement": "seul le décompte en vigueur du dossier donne un décompte complémentaire"
                }
            )
        computed = compute(statement=statement, contract=contract)
        results = [r for _, _, r in computed.lines]
        ComplementaryStatement.objects.filter(claim=claim, contract=contract).update(
            superseded=True
        )
        row = ComplementaryStatement.objects.create(
            base_statement=statement,
            claim=claim,
            contract=contract,
            computed_at=timezone.now(),
            computed_by=user if getattr(user, "is_authenticated", False) else None,
            total_charged=_total(results, "charged"),
            total_base=_total(results, "reimbursed"),
            total_complementary=_total(results, "complementary"),
            total_remainder=_total(results, "remainder"),
        )
        ComplementaryLine.objects.bulk_create(line_rows(row, computed, claim.beneficiary.member_id))
        audit_change(row, user=user, reason="calcul du décompte complémentaire")
    return row
