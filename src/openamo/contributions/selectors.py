"""Reads: declared days for rights opening, rate rows for the computation, declarations,
calls and receipts with their balances, arrears."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from openamo.core.money import ZERO, money
from openamo.referentials.models import ContributionRate

from .computation import RateRow, RateRule
from .ledger import arrear
from .models import (
    ContributionCall,
    ContributionShare,
    Declaration,
    DeclarationLine,
    Receipt,
)

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _zero():
    return Value(Decimal("0.00"), output_field=_MONEY)


def contribution_days_by_month(*, member_ids: list[int]) -> dict[int, dict[date, int]]:
    """member id → first day of month → days of contribution declared for that month.

    Days of the same month declared by several employers add up.
    """
    result: dict[int, dict[date, int]] = defaultdict(dict)
    rows = (
        DeclarationLine.objects.filter(member_id__in=member_ids)
        .values_list("member_id", "declaration__period")
        .annotate(total=Sum("days"))
        .order_by()
    )
    for member_id, period, days in rows:
        result[member_id][period] = int(days or 0)
    return dict(result)


def rate_rows(*, scheme_id: int) -> list[RateRow]:
    """Every contribution rate row of a scheme, as plain data for the computation."""
    return [
        RateRow(
            r.population,
            RateRule(r.component, r.rate, r.floor_monthly, r.ceiling_monthly, r.ceiling_yearly),
            r.valid_from,
            r.valid_to,
        )
        for r in ContributionRate.objects.filter(scheme_id=scheme_id).order_by("valid_from")
    ]


def yearly_due_before(
    *, member_ids: list[int], period: date, components: set[str]
) -> dict[tuple[int, str], Decimal]:
    """(member id, component) → amount of that share due for the months of `period`'s year
    before `period` (all employers)."""
    if not components:
        return {}
    rows = (
        ContributionShare.objects.filter(
            member_id__in=member_ids,
            component__in=components,
            period__gte=period.replace(month=1, day=1),
            period__lt=period,
        )
        .values_list("member_id", "component")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(m, c): money(total) for m, c, total in rows}


def declaration_list(*, employer_id: int | None = None, period: date | None = None) -> QuerySet:
    qs = Declaration.objects.select_related("employer", "scheme")
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("-period", "employer__name")


def declaration_get(*, declaration_id: int) -> Declaration:
    lines = DeclarationLine.objects.select_related("member").prefetch_related("shares")
    return (
        Declaration.objects.select_related("employer", "scheme", "call", "submitted_by")
        .prefetch_related(Prefetch("lines", queryset=lines.order_by("line_number")))
        .get(pk=declaration_id)
    )


def call_list(*, employer_id: int | None = None) -> QuerySet:
    """Calls with `paid` and `outstanding` annotated."""
    qs = ContributionCall.objects.select_related("employer").annotate(
        paid=Coalesce(Sum("allocations__amount"), _zero()),
    )
    qs = qs.annotate(outstanding=F("amount_due") - F("paid"))
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    return qs.order_by("-period", "employer__name")


def receipt_list(*, employer_id: int | None = None) -> QuerySet:
    """Receipts with `allocated` and `left_over` (the employer's credit) annotated."""
    qs = (
        Receipt.objects.select_related("employer")
        .annotate(allocated=Coalesce(Sum("allocations__amount"), _zero()))
        .annotate(left_over=F("amount") - F("allocated"))
    )
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    return qs.order_by("-received_on", "-id")


@dataclass(frozen=True)
class ArrearRow:
    call: ContributionCall
    outstanding: Decimal
    days_late: int


def arrears_list(*, on: date, employer_id: int | None = None) -> list[ArrearRow]:
    """Calls past their due date on `on` and not paid in full, oldest first."""
    rows = []
    calls = call_list(employer_id=employer_id).filter(due_on__lt=on, outstanding__gt=0)
    for call in calls.order_by("employer__name", "period"):
        late = arrear(amount_due=call.amount_due, paid=call.paid, due_on=call.due_on, on=on)
        if late is not None:
            rows.append(ArrearRow(call, late.outstanding, late.days_late))
    return rows


@dataclass(frozen=True)
class EmployerArrears:
    employer_id: int
    employer_name: str
    calls: int
    outstanding: Decimal
    max_days_late: int
    rows: tuple[ArrearRow, ...]


def arrears_by_employer(*, on: date) -> list[EmployerArrears]:
    """Arrears grouped per employer, largest outstanding first."""
    groups: dict[int, list[ArrearRow]] = defaultdict(list)
    for row in arrears_list(on=on):
        groups[row.call.employer_id].append(row)
    summary = [
        EmployerArrears(
            employer_id,
            rows[0].call.employer.name,
            len(rows),
            money(sum((r.outstanding for r in rows), ZERO)),
            max(r.days_late for r in rows),
            tuple(rows),
        )
        for employer_id, rows in groups.items()
    ]
    return sorted(summary, key=lambda e: (-e.outstanding, e.employer_name))
