"""The four flows between the base fund and a complementary insurer (DOMAIN.md §7).

- anticipation: `advance_pay` on a copy of the claim before its base statement, then
  `settle` when the base statement arrives pays the difference (`top_up`) or records what was
  paid too much (`receivable`);
- remainder: `remainder_pay` computes the complementary statement and pays it;
- base-fund flow: `flow_file_import` checks a whole file of settled base lines and pays every
  claim in it, or rejects it whole; the same file twice pays once;
- single window: `recourse_issue` lists what the base fund advanced for an insurer over a
  period; `recourse_reconcile` records the insurer's answer line by line.

Each is one transaction; a claim is settled once per contract (`Movement` constraint).
"""

import hashlib
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from openamo.audit.services import audit_change
from openamo.claims.models import Claim, Statement, StatementLine

from .flowfile import flow_parse
from .models import (
    ComplementaryLine,
    ComplementaryStatement,
    Contract,
    Enrolment,
    Flow,
    FlowFile,
    FlowFileStatus,
    Insurer,
    Movement,
    MovementKind,
    RecourseLine,
    RecourseStatement,
    RecourseStatus,
)
from .reconcile import reconcile
from .services import complementary_statement_compute, contract_for

ZERO = Decimal("0.00")


def _movement(*, contract, claim, flow, kind, amount, user=None, **more) -> Movement:
    row = Movement.objects.create(
        contract=contract,
        claim=claim,
        member_id=claim.beneficiary.member_id,
        flow=flow,
        kind=kind,
        amount=amount,
        payer_account=contract.insurer.payer_account,
        created_at=timezone.now(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **more,
    )
    audit_change(row, user=user, reason=row.get_kind_display())
    return row


@transaction.atomic
def advance_pay(*, claim: Claim, contract: Contract, amount: Decimal, user=None) -> Movement:
    """Pay on a copy of the claim, before the base statement."""
    if amount <= 0:
        raise ValidationError({"amount": "le montant de l'avance doit être positif"})
    if Movement.objects.filter(contract=contract, claim=claim).exclude(kind="advance").exists():
        raise ValidationError({"claim": "ce dossier est déjà réglé par l'organisme"})
    return _movement(
        contract=contract,
        claim=claim,
        flow=Flow.ANTICIPATION,
        kind=MovementKind.ADVANCE,
        amount=amount,
        user=user,
    )


def _advanced(contract, claim) -> Decimal:
    found = Movement.objects.filter(contract=contract, claim=claim, kind="advance").aggregate(
        s=Sum("amount")
    )["s"]
    return found or ZERO


@transaction.atomic
def settle(
    *, statement: ComplementaryStatement, flow: str, user=None, flow_file=None
) -> Movement | None:
    """Pay what the complementary statement owes, less any advance: the payment, the top-up
    or the receivable; None when the claim is already settled or nothing is due."""
    contract, claim = statement.contract, statement.claim
    Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if Movement.objects.filter(contract=contract, claim=claim).exclude(kind="advance").exists():
        return None
    advanced = _advanced(contract, claim)
    due = statement.total_complementary - advanced
    if due == 0:
        return None
    if advanced == 0:
        kind = MovementKind.PAYMENT
    else:
        kind = MovementKind.TOP_UP if due > 0 else MovementKind.RECEIVABLE
    return _movement(
        contract=contract,
        claim=claim,
        flow=flow,
        kind=kind,
        amount=abs(due),
        user=user,
        statement=statement,
        flow_file=flow_file,
    )


def _latest_statement(claim: Claim) -> Statement:
    statement = Statement.objects.filter(claim=claim).order_by("-version").first()
    if statement is None:
        raise ValidationError({"claim": "le dossier n'a pas encore de décompte AMO"})
    return statement


@transaction.atomic
def remainder_pay(*, claim: Claim, user=None, flow: str = Flow.REMAINDER) -> Movement | None:
    """After the base statement: compute the complementary statement and settle it."""
    amc = complementary_statement_compute(statement=_latest_statement(claim), user=user)
    if amc is None:
        raise ValidationError({"claim": "aucun contrat complémentaire ne couvre ce dossier"})
    return settle(statement=amc, flow=flow, user=user)


# ---- base-fund flow file ---------------------------------------------------------------------


def _check_rows(rows, insurer: Insurer) -> tuple[list[str], dict[int, Statement]]:
    """Every row against the statement in force of its claim; the statements by claim."""
    references = {r.claim for r in rows}
    claims = {
        c.reference: c
        for c in Claim.objects.filter(reference__in=references).select_related("beneficiary")
    }
    latest: dict[int, Statement] = {}
    for s in Statement.objects.filter(claim__in=claims.values()).order_by("claim_id", "version"):
        latest[s.claim_id] = s
    lines = {
        (sl.statement_id, sl.number): sl
        for sl in StatementLine.objects.filter(statement__in=latest.values()).select_related(
            "claim_line"
        )
    }
    insured = set(
        Enrolment.objects.filter(
            contract__insurer=insurer, beneficiary__in=[c.beneficiary_id for c in claims.values()]
        ).values_list("beneficiary_id", flat=True)
    )
    errors = []
    for r in rows:
        claim = claims.get(r.claim)
        statement = latest.get(claim.pk) if claim else None
        line = lines.get((statement.pk, r.number)) if statement else None
        if line is None:
            errors.append(f"ligne {r.row} : ligne {r.number} du dossier {r.claim} inconnue")
            continue
        b = claim.beneficiary
        if (b.registration_number, b.rank) != (r.registration, r.rank):
            errors.append(f"ligne {r.row} : bénéficiaire différent de celui du dossier")
        if line.claim_line.care_date != r.care_date:
            errors.append(f"ligne {r.row} : date des soins différente du dossier")
        if (line.charged, line.reimbursed) != (r.charged, r.reimbursed):
            errors.append(f"ligne {r.row} : montants différents du décompte AMO en vigueur")
        if b.pk not in insured:
            errors.append(f"ligne {r.row} : bénéficiaire non couvert par l'organisme")
    if errors:
        return errors, {}
    return errors, {cid: latest[cid] for cid in {claims[r.claim].pk for r in rows}}


def _line_of(error: str) -> int:
    """The line number an error starts with ("ligne 12 : ..."), 0 for the whole file."""
    head = error.split(" ", 2)
    return int(head[1]) if len(head) > 1 and head[0] == "ligne" and head[1].isdigit() else 0


def _report(name: str, lines: list[str]) -> str:
    return "\n".join([f"Fichier {name}", *lines]) + "\n"


def flow_file_import(
    *, insurer: Insurer, name: str, content: bytes, user=None
) -> tuple[FlowFile, bool]:
    """Import one file, all or nothing: (the file's record, True when it was new). The same
    content already imported returns its record and pays nothing."""
    name = name.replace("\x00", "")[: FlowFile._meta.get_field("name").max_length]
    digest = hashlib.sha256(content).hexdigest()
    done = FlowFile.objects.filter(insurer=insurer, sha256=digest, status="done").first()
    if done is not None:
        return done, False
    rows, errors = flow_parse(content)
    # the lines that read well are checked too, so the report names every wrong line at once
    checked, statements = _check_rows(rows, insurer) if rows else ([], {})
    errors = sorted([*errors, *checked], key=_line_of)
    now = timezone.now()
    by = user if getattr(user, "is_authenticated", False) else None
    if errors:
        report = _report(name, ["Rejeté : aucune ligne intégrée.", *errors])
        row = FlowFile.objects.create(
            insurer=insurer,
            name=name,
            sha256=digest,
            status=FlowFileStatus.REJECTED,
            lines=len(rows),
            report=report,
            received_at=now,
            received_by=by,
        )
        return row, True
    with transaction.atomic():
        row = FlowFile.objects.create(
            insurer=insurer,
            name=name,
            sha256=digest,
            status=FlowFileStatus.DONE,
            lines=len(rows),
            received_at=now,
            received_by=by,
        )
        paid, settled, nothing = ZERO, 0, 0
        for statement in statements.values():
            contract = contract_for(
                beneficiary_id=statement.claim.beneficiary_id, day=statement.claim.first_care_date
            )
            if contract is None or contract.insurer_id != insurer.pk:
                nothing += 1
                continue
            amc = complementary_statement_compute(statement=statement, contract=contract, user=user)
            movement = settle(statement=amc, flow=Flow.BASE_FLOW, user=user, flow_file=row)
            if movement is None:
                settled += 1
            elif movement.kind == MovementKind.RECEIVABLE:
                paid -= movement.amount
            else:
                paid += movement.amount
        row.paid = paid
        row.report = _report(
            name,
            [
                f"Intégré : {len(rows)} lignes, {len(statements)} dossiers.",
                f"Montant réglé : {paid:.2f} DH.",
                f"Dossiers déjà réglés ou sans part due : {settled}.",
                f"Dossiers hors contrat de l'organisme à la date des soins : {nothing}.",
            ],
        )
        row.save(update_fields=["paid", "report"])
        audit_change(row, user=user, reason="import d'un fichier de flux de la caisse")
    return row, True


# ---- single window ---------------------------------------------------------------------------


@transaction.atomic
def recourse_issue(*, insurer: Insurer, start, end) -> RecourseStatement | None:
    """The recourse statement of the period: every complementary line of the insurer's
    single-window contracts computed in the period and not yet claimed."""
    lines = list(
        ComplementaryLine.objects.filter(
            statement__contract__insurer=insurer,
            statement__contract__flow=Flow.SINGLE_WINDOW,
            statement__superseded=False,
            statement__computed_at__date__gte=start,
            statement__computed_at__date__lte=end,
            complementary__gt=0,
            recourse__isnull=True,
        ).select_related("statement__claim")
    )
    if not lines:
        return None
    total = sum((line.complementary for line in lines), ZERO)
    recourse = RecourseStatement.objects.create(
        insurer=insurer,
        reference=f"RG-{insurer.code.upper()}-{end:%Y%m%d}-{insurer.recourse_statements.count() + 1}",
        period_start=start,
        period_end=end,
        total=total,
        issued_at=timezone.now(),
    )
    RecourseLine.objects.bulk_create(
        RecourseLine(
            recourse=recourse,
            line=line,
            claim_reference=line.statement.claim.reference,
            number=line.number,
            amount=line.complementary,
        )
        for line in lines
    )
    audit_change(recourse, reason="relevé de recours du guichet unique")
    return recourse


@transaction.atomic
def recourse_reconcile(
    *, recourse: RecourseStatement, answers: dict[tuple[str, int], Decimal], user=None
) -> RecourseStatement:
    """The insurer's amount per line (claim reference, line number): matched or disputed."""
    recourse = RecourseStatement.objects.select_for_update().get(pk=recourse.pk)
    lines = {(x.claim_reference, x.number): x for x in recourse.lines.all()}
    result = reconcile({k: x.amount for k, x in lines.items()}, answers)
    if result.unknown:
        wrong = ", ".join(f"{c}/{n}" for c, n in result.unknown)
        raise ValidationError({"answers": f"lignes absentes du relevé : {wrong}"})
    by_status = defaultdict(list)
    for check in result.lines:
        line = lines[check.key]
        line.matched, line.insurer_amount, line.dispute = (
            check.matched,
            check.answered,
            check.reason,
        )
        by_status[check.matched].append(line)
    RecourseLine.objects.bulk_update(
        lines.values(), ["matched", "insurer_amount", "dispute"], batch_size=500
    )
    recourse.matched, recourse.disputed = result.matched, result.disputed
    recourse.status = RecourseStatus.DISPUTED if by_status[False] else RecourseStatus.RECONCILED
    recourse.save(update_fields=["matched", "disputed", "status"])
    audit_change(recourse, user=user, reason="rapprochement du relevé de recours")
    return recourse
