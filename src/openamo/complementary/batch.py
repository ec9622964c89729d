"""The complementary batch: every base statement in force that has no complementary statement
yet, computed set-wise (a handful of queries for the whole batch, not per claim) by the same
pure core as the single-claim path, the yearly ceilings consumed in date order across the
batch, and written with bulk inserts in chunks."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from openamo.audit.models import AuditAction
from openamo.audit.services import Change, audit_write_many
from openamo.claims.models import Claim, Statement, StatementLine
from openamo.core.bulk import rows_insert

from . import remainder as core
from . import terms
from .models import ComplementaryLine, ComplementaryStatement, Contract, ContractKind, Enrolment

CHUNK = 2000  # statements per transaction
SMALL = 5000  # beyond, rows are loaded whole rather than by a list of ids
ZERO = Decimal("0.00")
REASON = "calcul du décompte complémentaire (campagne)"


@dataclass
class BatchResult:
    statements: int = 0
    lines: int = 0
    complementary: Decimal = ZERO


def pending_statements():
    """The ids of the base statements in force without a complementary statement."""
    latest = Statement.objects.filter(claim=OuterRef("claim")).order_by("-version").values("pk")
    done = ComplementaryStatement.objects.filter(base_statement=OuterRef("pk"))
    return (
        Statement.objects.filter(pk=Subquery(latest[:1]))
        .exclude(Exists(done))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


FIELDS = (
    "pk",
    "statement_id",
    "number",
    "care_category",
    "charged",
    "base",
    "reimbursed",
    "rejection_code",
    "claim_line__care_date",
    "claim_line__code",
    "claim_line__executor_inpe",
    "claim_line__quantity",
    "statement__claim_id",
    "statement__claim__reference",
    "statement__claim__beneficiary_id",
    "statement__claim__beneficiary__member_id",
    "statement__claim__first_care_date",
)


def _enrolments(beneficiaries: set[int]) -> dict[int, list[Enrolment]]:
    found: dict[int, list[Enrolment]] = defaultdict(list)
    rows = Enrolment.objects.select_related("contract")
    if len(beneficiaries) <= SMALL:  # else all of them: no list of ids beyond SQLite's limits
        rows = rows.filter(beneficiary_id__in=beneficiaries)
    for row in rows.order_by("valid_from"):
        found[row.beneficiary_id].append(row)
    return found


def _contract_of(rows: list[Enrolment], day) -> Contract | None:
    found = [
        e.contract
        for e in rows
        if e.valid_from <= day and (e.valid_to is None or e.valid_to >= day)
    ]
    found.sort(key=lambda c: (c.kind != ContractKind.MUTUELLE, c.pk))
    return found[0] if found else None


class _Plan:
    """The batch's lines grouped by contract, with what the core needs to price them."""

    def __init__(self, rows: list[dict]):
        beneficiaries = {r["statement__claim__beneficiary_id"] for r in rows}
        self.enrolled = _enrolments(beneficiaries)
        self.by_contract: dict[int, list[dict]] = defaultdict(list)
        self.contracts: dict[int, Contract] = {}
        for r in rows:
            contract = _contract_of(
                self.enrolled.get(r["statement__claim__beneficiary_id"], []),
                r["statement__claim__first_care_date"],
            )
            if contract is not None:
                self.contracts[contract.pk] = contract
                self.by_contract[contract.pk].append(r)


def _base_line(r: dict) -> core.BaseLine:
    return core.BaseLine(
        key=r["pk"],
        beneficiary=r["statement__claim__beneficiary_id"],
        family=r["statement__claim__beneficiary__member_id"],
        care_date=r["claim_line__care_date"],
        category=r["care_category"],
        code=r["claim_line__code"],
        executor=r["claim_line__executor_inpe"],
        quantity=r["claim_line__quantity"],
        charged=r["charged"],
        base=r["base"],
        reimbursed=r["reimbursed"],
        rejected=bool(r["rejection_code"]),
    )


def _price(plan: _Plan, contract_id: int, rows: list[dict]) -> list[tuple[dict, core.Result]]:
    lines = [_base_line(r) for r in rows]
    days = [line.care_date for line in lines]
    contract_terms = terms.ContractTerms(contract_id, min(days), max(days))
    ledger = terms.ledger_for(contract_id=contract_id, families=None, years={d.year for d in days})
    covers: dict = {}

    def cover_for(line: core.BaseLine) -> core.Cover:
        key = (line.beneficiary, line.care_date)
        if key not in covers:
            covers[key] = terms.cover_on(
                contract_terms, plan.enrolled.get(line.beneficiary, []), line.care_date
            )
        return covers[key]

    by_key = {r["pk"]: r for r in rows}
    return [(by_key[res.key], res) for res in core.remainder(lines, cover_for, ledger)]


HEADER_FIELDS = (
    "base_statement_id",
    "claim_id",
    "contract_id",
    "computed_at",
    "total_charged",
    "total_base",
    "total_complementary",
    "total_remainder",
    "superseded",
)
LINE_FIELDS = (
    "statement_id",
    "base_line_id",
    "number",
    "beneficiary_id",
    "member_id",
    "care_date",
    "care_category",
    "guarantee_id",
    "network",
    "charged",
    "base_reimbursed",
    "computed",
    "complementary",
    "remainder",
    "cuts",
)


def _write(contract: Contract, priced: list[tuple[dict, core.Result]], now) -> BatchResult:
    by_statement: dict[int, list[tuple[dict, core.Result]]] = defaultdict(list)
    for r, res in priced:
        by_statement[r["statement_id"]].append((r, res))
    result = BatchResult()
    ids = sorted(by_statement)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            headers = [_header(contract.pk, sid, by_statement[sid], now) for sid in chunk]
            header_ids = rows_insert(ComplementaryStatement, HEADER_FIELDS, headers, with_ids=True)
            lines = [
                _line(header_id, r, res)
                for header_id, sid in zip(header_ids, chunk, strict=True)
                for r, res in sorted(by_statement[sid], key=_number)
            ]
            rows_insert(ComplementaryLine, LINE_FIELDS, lines)
            audit_write_many(
                label="campagne complémentaire",
                changes=_changes(contract, header_ids, headers, chunk, by_statement),
            )
        result.statements += len(headers)
        result.lines += len(lines)
        result.complementary += sum((h[6] for h in headers), ZERO)
    return result


def _changes(contract, header_ids, headers, chunk, by_statement) -> list[Change]:
    changes = []
    for pk, header, sid in zip(header_ids, headers, chunk, strict=True):
        reference = by_statement[sid][0][0]["statement__claim__reference"]
        # a stand-in carrying what the audit entry names (no query per statement)
        obj = ComplementaryStatement(pk=pk, claim=Claim(pk=header[1], reference=reference))
        obj.contract = contract
        values = {"total_complementary": [None, str(header[6])]}
        changes.append(Change(obj, AuditAction.CREATE, values, REASON))
    return changes


def _number(pair) -> int:
    return pair[0]["number"]


def _header(contract_id, statement_id, pairs, now) -> tuple:
    results = [res for _, res in pairs]
    return (
        statement_id,
        pairs[0][0]["statement__claim_id"],
        contract_id,
        now,
        sum((x.charged for x in results), ZERO),
        sum((x.reimbursed for x in results), ZERO),
        sum((x.complementary for x in results), ZERO),
        sum((x.remainder for x in results), ZERO),
        False,
    )


def _line(header_id: int, r: dict, res: core.Result) -> tuple:
    return (
        header_id,
        r["pk"],
        r["number"],
        r["statement__claim__beneficiary_id"],
        r["statement__claim__beneficiary__member_id"],
        r["claim_line__care_date"],
        r["care_category"],
        res.guarantee,
        res.network,
        res.charged,
        res.reimbursed,
        res.computed,
        res.complementary,
        res.remainder,
        [{"code": c.code, "message": c.message, "amount": str(c.amount)} for c in res.cuts],
    )


def complementary_batch(
    *, statement_ids=None, now=None, progress: Callable[[BatchResult], None] | None = None
) -> BatchResult:
    """Compute and store the complementary statements of the given base statements (all the
    pending ones by default)."""
    ids = pending_statements() if statement_ids is None else list(statement_ids)
    now = now or timezone.now()
    total = BatchResult()
    rows = list(StatementLine.objects.filter(statement_id__in=ids).values(*FIELDS))
    if not rows:
        return total
    plan = _Plan(rows)
    for contract_id, contract_rows in plan.by_contract.items():
        priced = _price(plan, contract_id, contract_rows)
        written = _write(plan.contracts[contract_id], priced, now)
        total.statements += written.statements
        total.lines += written.lines
        total.complementary += written.complementary
        if progress:
            progress(total)
    return total
