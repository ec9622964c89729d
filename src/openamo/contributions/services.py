"""Use cases that write: submit a declaration (file or form), record and match receipts.

A declaration is checked line by line first (every bad line named, nothing written); then,
in one transaction, its lines, their computed shares, the payroll per member, the call of the
employer for the period and the matching of any credit are stored, and the rights of every
member declared are recomputed (the CNSS opening rule counts the declared days).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from openamo.core.importing import LineError
from openamo.core.money import ZERO, money
from openamo.core.tabular import Row, TabularError, read_rows
from openamo.documents import checks
from openamo.documents.services import document_store
from openamo.members.models import Employer, LifeEvent, LifeEventKind, Member
from openamo.referentials.choices import ContributionComponent

from . import lines as L
from .computation import ComputationError, contribution_compute, month_start, rules_in_force
from .ledger import allocate, due_date
from .models import (
    MAX_DAYS,
    ContributionCall,
    ContributionShare,
    Declaration,
    DeclarationLine,
    DeclarationSource,
    Payroll,
    Receipt,
    ReceiptAllocation,
)
from .selectors import rate_rows, yearly_due_before


@dataclass
class DeclarationOutcome:
    declaration: Declaration | None = None
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} erreur(s) : rien n'a été enregistré."
        d = self.declaration
        return (
            f"Déclaration {d.period:%m/%Y} de {d.employer} : {d.line_count} ligne(s), "
            f"masse salariale {d.payroll_total} DH, cotisations {d.contribution_total} DH."
        )


@dataclass(frozen=True)
class _Checked:
    parsed: L.ParsedLine
    member: Member
    population: str
    rules: tuple


# ---- checking ---------------------------------------------------------------------------------


def _members_found(parsed: list[L.ParsedLine]) -> tuple[dict[str, Member], dict[str, Member]]:
    regnos = {p.registration_number for p in parsed if p.registration_number}
    cins = {p.cin for p in parsed if p.cin}
    found = Member.objects.filter(Q(registration_number__in=regnos) | Q(cin__in=cins))
    found = list(found)
    return {m.registration_number: m for m in found}, {m.cin: m for m in found}


def _hired_by(employer: Employer, member_ids: list[int], period: date) -> set[int]:
    """Members whose employer is `employer`, or who were hired by it by the period's end."""
    end = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    current = Member.objects.filter(pk__in=member_ids, employer=employer).values_list(
        "pk", flat=True
    )
    hired = LifeEvent.objects.filter(
        member_id__in=member_ids, employer=employer, kind=LifeEventKind.HIRE, occurred_on__lte=end
    ).values_list("member_id", flat=True)
    return set(current) | set(hired)


def _identify(p: L.ParsedLine, by_regno, by_cin) -> Member | LineError:
    member = by_regno.get(p.registration_number) if p.registration_number else None
    if p.registration_number and member is None:
        return LineError(p.line, "immatriculation", f"assuré inconnu ({p.registration_number})")
    by_id = by_cin.get(p.cin) if p.cin else None
    if p.cin and by_id is None:
        return LineError(p.line, "cin", f"assuré inconnu (CIN {p.cin})")
    if member is not None and by_id is not None and member.pk != by_id.pk:
        return LineError(
            p.line, "cin", f"le CIN {p.cin} n'est pas celui de l'assuré {p.registration_number}"
        )
    return member or by_id


def _check_lines(
    *, employer: Employer, period: date, rows: list[Row], columns: list[str]
) -> tuple[list[_Checked], list[LineError]]:
    errors = [LineError(p.line, p.column, p.message) for p in L.header_problems(columns)]
    if errors:
        return [], errors
    if not rows:
        return [], [LineError(0, "", "la déclaration ne contient aucune ligne")]
    parsed: list[L.ParsedLine] = []
    for row in rows:
        result = L.parse_line(row.line, row.values, max_days=MAX_DAYS)
        if isinstance(result, list):
            errors.extend(LineError(p.line, p.column, p.message) for p in result)
        else:
            parsed.append(result)
    by_regno, by_cin = _members_found(parsed)
    identified = []
    for p in parsed:
        member = _identify(p, by_regno, by_cin)
        if isinstance(member, LineError):
            errors.append(member)
        else:
            identified.append((p, member))
    employed = _hired_by(employer, [m.pk for _, m in identified], period)
    rows_of_scheme = rate_rows(scheme_id=employer.scheme_id)
    first_line: dict[int, int] = {}
    checked = []
    for p, member in identified:
        column = "immatriculation" if p.registration_number else "cin"
        if member.pk in first_line:
            errors.append(
                LineError(
                    p.line,
                    column,
                    f"assuré {member.registration_number} déjà déclaré ligne {first_line[member.pk]}",
                )
            )
            continue
        first_line[member.pk] = p.line
        if member.pk not in employed:
            errors.append(
                LineError(
                    p.line,
                    column,
                    f"l'assuré {member.registration_number} n'est pas employé par {employer}",
                )
            )
            continue
        population = p.status or member.status
        exclude = frozenset() if member.mutuelle_id else {ContributionComponent.COMPLEMENTARY}
        rules = rules_in_force(
            rows_of_scheme, population=population, month=period, exclude=frozenset(exclude)
        )
        if not rules:
            errors.append(
                LineError(
                    p.line,
                    "statut",
                    f"aucun taux de cotisation en vigueur le {period:%d/%m/%Y} pour le statut "
                    f"« {population} » du régime {employer.scheme.code}",
                )
            )
            continue
        checked.append(_Checked(p, member, population, rules))
    return checked, errors


# ---- writing ----------------------------------------------------------------------------------


def _store_lines(declaration: Declaration, checked: list[_Checked]) -> None:
    period = declaration.period
    yearly = {r.component for c in checked for r in c.rules if r.ceiling_yearly is not None}
    earlier = yearly_due_before(
        member_ids=[c.member.pk for c in checked], period=period, components=yearly
    )
    lines, shares, payrolls = [], [], []
    for c in checked:
        contribution = contribution_compute(
            base=c.parsed.salary,
            rules=c.rules,
            already_due_this_year={comp: earlier.get((c.member.pk, comp), ZERO) for comp in yearly},
        )
        line = DeclarationLine(
            declaration=declaration,
            line_number=c.parsed.line,
            member=c.member,
            population=c.population,
            gross_salary=c.parsed.salary,
            days=c.parsed.days,
            base=contribution.base,
            contribution_total=contribution.total,
        )
        lines.append((line, contribution))
    DeclarationLine.objects.bulk_create([line for line, _ in lines])
    for line, contribution in lines:
        shares.extend(
            ContributionShare(
                line=line,
                member_id=line.member_id,
                period=period,
                component=s.component,
                rate=s.rate,
                raw_amount=s.raw,
                amount=s.amount,
                floor_applied=s.floor_applied,
                ceiling_applied=s.ceiling_applied,
                yearly_ceiling_applied=s.yearly_ceiling_applied,
            )
            for s in contribution.shares
        )
        payrolls.append(
            Payroll(
                line=line,
                member_id=line.member_id,
                employer_id=declaration.employer_id,
                scheme_id=declaration.scheme_id,
                period=period,
                gross_salary=line.gross_salary,
                days=line.days,
                contribution_total=line.contribution_total,
            )
        )
    ContributionShare.objects.bulk_create(shares)
    Payroll.objects.bulk_create(payrolls)
    declaration.line_count = len(lines)
    declaration.payroll_total = money(sum((line.gross_salary for line, _ in lines), ZERO))
    declaration.contribution_total = money(sum((c.total for _, c in lines), ZERO))
    declaration.save(update_fields=["line_count", "payroll_total", "contribution_total"])


def _rights_recompute(member_ids: list[int]) -> None:
    try:
        from openamo.members.services import member_rights_recompute
    except ImportError:  # pragma: no cover - the members app always ships it
        return
    for member in Member.objects.filter(pk__in=member_ids):
        member_rights_recompute(member=member)


def _write(
    *, employer, period, checked, source, file_name, replace, user, idempotency_key=None
) -> Declaration | LineError:
    Employer.objects.select_for_update().filter(pk=employer.pk).first()  # one writer per employer
    if idempotency_key and (
        done := Declaration.objects.filter(idempotency_key=idempotency_key).first()
    ):
        return done  # a concurrent retry registered it while we waited for the lock
    previous = Declaration.objects.filter(employer=employer, period=period).first()
    previous_members: list[int] = []
    if previous is not None:
        if not replace:
            return _already_declared(previous)
        previous_members = list(previous.lines.values_list("member_id", flat=True))
        previous.delete()
    declaration = Declaration.objects.create(
        employer=employer,
        scheme_id=employer.scheme_id,
        period=period,
        source=source,
        file_name=file_name,
        idempotency_key=idempotency_key,
        submitted_by=user,
    )
    _store_lines(declaration, checked)
    call_issue(declaration=declaration)
    _rights_recompute(sorted({c.member.pk for c in checked} | set(previous_members)))
    return declaration


def _already_declared(previous: Declaration) -> LineError:
    return LineError(
        0,
        "",
        f"la période {previous.period:%m/%Y} est déjà déclarée (le "
        f"{previous.submitted_at:%d/%m/%Y}) : demander explicitement le remplacement",
    )


def declaration_submit(
    *,
    employer: Employer,
    period: date,
    rows: list[Row],
    columns: tuple[str, ...] | list[str] = L.COLUMNS,
    source: str = DeclarationSource.MANUAL,
    file_name: str = "",
    replace: bool = False,
    idempotency_key: str | None = None,
    user=None,
) -> DeclarationOutcome:
    """Check every line, then store the declaration and all it implies, or nothing. With an
    idempotency key, a retry returns the declaration already registered under it."""
    if idempotency_key and (
        done := Declaration.objects.filter(idempotency_key=idempotency_key).first()
    ):
        return DeclarationOutcome(declaration=done)
    period = month_start(period)
    checked, errors = _check_lines(
        employer=employer, period=period, rows=rows, columns=list(columns)
    )
    if period > date.today().replace(day=1):
        errors.insert(0, LineError(0, "", f"la période {period:%m/%Y} n'est pas encore ouverte"))
    if not replace:
        previous = Declaration.objects.filter(employer=employer, period=period).first()
        if previous is not None:
            errors.insert(0, _already_declared(previous))
    if errors:
        return DeclarationOutcome(errors=errors)
    try:
        with transaction.atomic():
            written = _write(
                employer=employer,
                period=period,
                checked=checked,
                source=source,
                file_name=file_name,
                replace=replace,
                user=user,
                idempotency_key=idempotency_key,
            )
            if isinstance(written, LineError):
                return DeclarationOutcome(errors=[written])
    except (IntegrityError, ComputationError) as exc:
        return DeclarationOutcome(errors=[LineError(0, "", f"enregistrement refusé : {exc}")])
    return DeclarationOutcome(declaration=written)


def declaration_import(
    *,
    employer: Employer,
    period: date,
    name: str,
    content: bytes,
    replace: bool = False,
    user=None,
) -> DeclarationOutcome:
    """A CSV or XLSX declaration file (columns in `lines`), all or nothing."""
    try:
        columns, rows = read_rows(name, content)
    except TabularError as exc:
        return DeclarationOutcome(errors=[LineError(0, "", str(exc))])
    outcome = declaration_submit(
        employer=employer,
        period=period,
        rows=rows,
        columns=columns,
        source=DeclarationSource.FILE,
        file_name=name,
        replace=replace,
        user=user,
    )
    if outcome.ok:
        _original_keep(outcome.declaration, name=name, content=content, user=user)
    return outcome


def _original_keep(declaration, *, name: str, content: bytes, user) -> None:
    """The file as the employer sent it, kept by the document store (a dematerialised
    archive); one the content check refuses (beyond the documents' size limit) is not kept,
    the declaration read from it stands."""
    try:
        document_store(
            upload=ContentFile(content, name=name),
            owner=declaration,
            user=user,
            kinds=(checks.CSV, checks.XLSX),
        )
    except ValidationError:
        return


# ---- calls, receipts, matching ----------------------------------------------------------------


def _allocated(call: ContributionCall) -> Decimal:
    return money(call.allocations.aggregate(s=Sum("amount"))["s"] or ZERO)


def _call_trim(call: ContributionCall) -> None:
    """Give back to their receipts what a call holds beyond its amount (latest first)."""
    excess = money(_allocated(call) - call.amount_due)
    for allocation in call.allocations.order_by("-allocated_at", "-id"):
        if excess <= ZERO:
            break
        taken = min(excess, allocation.amount)
        if taken == allocation.amount:
            allocation.delete()
        else:
            allocation.amount = money(allocation.amount - taken)
            allocation.save(update_fields=["amount"])
        excess = money(excess - taken)


def call_issue(*, declaration: Declaration) -> ContributionCall:
    """The call of the declaration's employer and period (created or brought up to date),
    then the employer's credit placed on what is owed."""
    call, _ = ContributionCall.objects.update_or_create(
        employer_id=declaration.employer_id,
        period=declaration.period,
        defaults={
            "declaration": declaration,
            "amount_due": declaration.contribution_total,
            "due_on": due_date(declaration.period),
        },
    )
    _call_trim(call)
    employer_receipts_match(employer_id=declaration.employer_id)
    return call


def _outstanding_calls(employer_id: int, only: list[int] | None = None):
    calls = ContributionCall.objects.filter(employer_id=employer_id)
    if only is not None:
        calls = calls.filter(pk__in=only)
    paid = dict(
        ReceiptAllocation.objects.filter(call__in=calls)
        .values_list("call_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    ordered = sorted(calls, key=lambda c: (c.period, c.pk))
    if only is not None:
        ordered = sorted(calls, key=lambda c: only.index(c.pk))
    return [(c.pk, money(c.amount_due - paid.get(c.pk, ZERO))) for c in ordered]


def _receipt_left_over(receipt: Receipt) -> Decimal:
    return money(receipt.amount - (receipt.allocations.aggregate(s=Sum("amount"))["s"] or ZERO))


def _place(receipt: Receipt, outstanding) -> list[ReceiptAllocation]:
    plan = allocate(_receipt_left_over(receipt), outstanding)
    return ReceiptAllocation.objects.bulk_create(
        ReceiptAllocation(receipt=receipt, call_id=a.key, amount=a.amount) for a in plan.allocations
    )


@transaction.atomic
def receipt_match(*, receipt: Receipt, calls: list[ContributionCall] | None = None):
    """Place what the receipt still holds on `calls` in the order given, or on the employer's
    outstanding calls oldest first; what cannot be placed stays as the employer's credit."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    only = None
    if calls is not None:
        only = [c.pk for c in calls]
        if any(c.employer_id != receipt.employer_id for c in calls):
            raise ValidationError({"calls": "un appel d'un autre employeur ne peut être imputé"})
    return _place(receipt, _outstanding_calls(receipt.employer_id, only))


@transaction.atomic
def employer_receipts_match(*, employer_id: int) -> None:
    """Place every receipt's credit of an employer on its outstanding calls, oldest first."""
    for receipt in (
        Receipt.objects.select_for_update()
        .filter(employer_id=employer_id)
        .order_by("received_on", "pk")
    ):
        _place(receipt, _outstanding_calls(employer_id))


@transaction.atomic
def receipt_record(
    *,
    employer: Employer,
    amount: Decimal,
    received_on: date,
    channel: str,
    reference: str,
    note: str = "",
    user=None,
    match: bool = True,
) -> Receipt:
    """Record money received; idempotent on (channel, reference): the same transfer recorded
    twice is refused naming the first one."""
    reference = reference.strip()
    existing = Receipt.objects.filter(channel=channel, reference=reference).first()
    if existing is not None:
        raise ValidationError(
            {
                "reference": f"encaissement déjà enregistré le {existing.recorded_at:%d/%m/%Y} "
                f"({existing.amount} DH, {existing.employer})"
            }
        )
    receipt = Receipt(
        employer=employer,
        amount=money(amount),
        received_on=received_on,
        channel=channel,
        reference=reference,
        note=note,
        recorded_by=user,
    )
    receipt.full_clean()
    receipt.save()
    if match:
        employer_receipts_match(employer_id=employer.pk)
    return receipt
