"""What a broker (intermédiaire) may see: the employers under a mandate in force on the day,
their insured members, declarations, calls and arrears. Everything starts from the user's
access row; an employer outside the portfolio (another broker's, or a mandate ended or not yet
started) is not found (404), so its existence does not leak."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from openamo.contributions import selectors as contributions
from openamo.contributions.ledger import arrear
from openamo.contributions.models import ContributionCall, Declaration, ReceiptAllocation
from openamo.members.models import Broker, BrokerMandate, Employer, Member
from openamo.members.selectors import member_search

from .models import PortalAccess
from .roles import Role

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _zero():
    return Value(Decimal("0.00"), output_field=_MONEY)


def _total(queryset, group: str, field: str):
    """A correlated sum of `field` over `queryset` (grouped by `group`), zero without rows."""
    rows = queryset.order_by().values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(rows[:1], output_field=_MONEY), _zero())


def broker_of(user) -> Broker:
    """The broker the user acts for; 404 for anyone else (staff, insured, employer...)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("aucun intermédiaire n'est rattaché à ce compte")
    access = (
        PortalAccess.objects.select_related("broker", "broker__city")
        .filter(user=user, role=Role.BROKER)
        .first()
    )
    if access is None or access.broker is None:
        raise Http404("aucun intermédiaire n'est rattaché à ce compte")
    return access.broker


def portfolio_mandates(user, *, on: date) -> QuerySet[BrokerMandate]:
    return BrokerMandate.objects.in_force_on(on).filter(broker=broker_of(user))


def portfolio_employers(user, *, on: date) -> QuerySet[Employer]:
    """The employers under a mandate in force on `on`, each with `member_count`,
    `last_period` (latest month declared), `arrears` (past due and unpaid on `on`) and
    `mandate_from` (start of the mandate in force)."""
    mandates = portfolio_mandates(user, on=on)
    past_due = ContributionCall.objects.filter(employer=OuterRef("pk"), due_on__lt=on)
    paid = ReceiptAllocation.objects.filter(call__employer=OuterRef("pk"), call__due_on__lt=on)
    last = Declaration.objects.filter(employer=OuterRef("pk")).order_by().values("employer")
    members = Member.objects.filter(employer=OuterRef("pk")).order_by().values("employer")
    return (
        Employer.objects.filter(pk__in=mandates.values("employer"))
        .select_related("scheme", "city")
        .annotate(
            member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")[:1]), 0),
            last_period=Subquery(last.annotate(p=Max("period")).values("p")[:1]),
            arrears=_total(past_due, "employer", "amount_due")
            - _total(paid, "call__employer", "amount"),
            mandate_from=Subquery(
                mandates.filter(employer=OuterRef("pk")).values("valid_from")[:1]
            ),
        )
        .order_by("name", "pk")
    )


def portfolio_employer(user, pk: int, *, on: date) -> Employer:
    """One employer of the portfolio on `on`; 404 otherwise."""
    employer = portfolio_employers(user, on=on).filter(pk=pk).first()
    if employer is None:
        raise Http404("employeur introuvable")
    return employer


def portfolio_members(
    user, *, on: date, query: str = "", employer_id: int | None = None
) -> QuerySet[Member]:
    """The insured members of the portfolio's employers, searched by name, CIN or
    registration number (`members.selectors.member_search`)."""
    members = member_search(query=query).filter(
        employer__in=portfolio_employers(user, on=on).values("pk")
    )
    if employer_id:
        members = members.filter(employer_id=employer_id)
    return members.select_related("mutuelle")


def portfolio_declarations(
    user, *, on: date, period: date | None = None, employer_id: int | None = None
) -> QuerySet[Declaration]:
    """The portfolio's declarations with their call's `amount_due`, `due_on`, `paid`,
    `outstanding` (None without a call) and `state_key` on `on`, latest period first."""
    paid = (
        ReceiptAllocation.objects.filter(call__declaration=OuterRef("pk"))
        .order_by()
        .values("call")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    declarations = contributions.declaration_list(employer_id=employer_id, period=period)
    return (
        declarations.filter(employer__in=portfolio_employers(user, on=on).values("pk"))
        .annotate(
            amount_due=F("call__amount_due"),
            due_on=F("call__due_on"),
            paid=Coalesce(Subquery(paid[:1]), _zero()),
        )
        .annotate(outstanding=F("amount_due") - F("paid"))
        .annotate(state_key=_state_key(on))
    )


def _state_key(on: date) -> Case:
    """Where a declaration's call stands on `on`, in SQL so the list sorts by it: the same
    keys and order of tests as `portal.employer.payment_state`."""
    return Case(
        When(amount_due__isnull=True, then=Value("none")),
        When(outstanding__lte=0, then=Value("settled")),
        When(due_on__lt=on, then=Value("late")),
        When(paid__gt=0, then=Value("partial")),
        default=Value("due"),
    )


def portfolio_arrears(user, *, on: date, employer_id: int | None = None) -> list:
    """Calls past due on `on` and not paid in full, for the portfolio (or one of its
    employers), by employer then oldest first (`contributions.selectors.ArrearRow`)."""
    calls = contributions.call_list(employer_id=employer_id).filter(
        employer__in=portfolio_employers(user, on=on).values("pk"),
        due_on__lt=on,
        outstanding__gt=0,
    )
    rows = []
    for call in calls.order_by("employer__name", "period"):
        late = arrear(amount_due=call.amount_due, paid=call.paid, due_on=call.due_on, on=on)
        if late is not None:
            rows.append(contributions.ArrearRow(call, late.outstanding, late.days_late))
    return rows


def previous_period(on: date) -> date:
    """The last month closed on `on` (its first day): the one a declaration is expected for."""
    first = on.replace(day=1)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


def employers_missing_period(user, *, on: date, period: date) -> QuerySet[Employer]:
    """The portfolio's employers with no declaration for `period`."""
    declared = Declaration.objects.filter(period=period).values("employer")
    return portfolio_employers(user, on=on).exclude(pk__in=declared)
