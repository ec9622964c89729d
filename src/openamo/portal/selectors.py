"""What a portal user may see, from their access row: the one place where portal reads are
scoped. An object outside the user's scope is reported as not found (404), never as forbidden,
so its existence does not leak."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from openamo.claims.models import Claim, Statement
from openamo.contributions import selectors as contributions
from openamo.contributions.models import (
    ContributionCall,
    Declaration,
    DeclarationLine,
    ReceiptAllocation,
)
from openamo.members.models import Beneficiary, Employer, Member

from .models import PortalAccess
from .roles import Role


def insured_member(user) -> Member:
    access = (
        PortalAccess.objects.select_related("member").filter(user=user, role=Role.INSURED).first()
    )
    if access is None or access.member is None:
        raise Http404("aucun dossier d'assuré n'est rattaché à ce compte")
    return access.member


def family_beneficiaries(user) -> QuerySet[Beneficiary]:
    return Beneficiary.objects.filter(member=insured_member(user)).order_by("rank")


def family_claims(user) -> QuerySet[Claim]:
    latest = Statement.objects.filter(claim=OuterRef("pk")).order_by("-version")
    return (
        Claim.objects.filter(beneficiary__member=insured_member(user))
        .select_related("beneficiary")
        .annotate(
            outcome=Subquery(latest.values("outcome")[:1]),
            reimbursed=Subquery(latest.values("total_reimbursed")[:1]),
            charged=Subquery(latest.values("total_charged")[:1]),
        )
        .order_by("-deposit_date", "-id")
    )


def family_claim(user, reference: str) -> Claim:
    claim = family_claims(user).filter(reference=reference).first()
    if claim is None:
        raise Http404("dossier introuvable")
    return claim


def family_authorizations(user) -> QuerySet | list:
    try:
        from openamo.authorizations.models import AuthorizationRequest
    except ImportError:
        return []
    return (
        AuthorizationRequest.objects.filter(beneficiary__member=insured_member(user))
        .select_related("beneficiary", "provider")
        .order_by("-id")
    )


# ---- employer ---------------------------------------------------------------------------------

MEMBER_ORDERS = {
    "nom": ("last_name", "first_name", "pk"),
    "-nom": ("-last_name", "-first_name", "-pk"),
    "immatriculation": ("registration_number",),
    "-immatriculation": ("-registration_number",),
}


def employer_of(user) -> Employer:
    """The employer the user acts for; 404 for anyone else (staff, insured, provider...)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("aucun employeur n'est rattaché à ce compte")
    access = (
        PortalAccess.objects.select_related("employer", "employer__scheme", "employer__city")
        .filter(user=user, role=Role.EMPLOYER)
        .first()
    )
    if access is None or access.employer is None:
        raise Http404("aucun employeur n'est rattaché à ce compte")
    return access.employer


def employer_members(user, *, query: str = "", order: str = "nom") -> QuerySet[Member]:
    """The employer's insured members, filtered by name, CIN or registration number (every
    word must match one of them), in the order asked (`MEMBER_ORDERS`, by name otherwise)."""
    members = Member.objects.filter(employer=employer_of(user)).select_related("mutuelle")
    for word in query.split():
        members = members.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(cin__istartswith=word)
            | Q(registration_number__startswith=word)
        )
    return members.order_by(*MEMBER_ORDERS.get(order, MEMBER_ORDERS["nom"]))


def _money_zero():
    return Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def employer_declarations(user) -> QuerySet[Declaration]:
    """The employer's declarations, latest period first, with their call's `amount_due`,
    `due_on`, `paid` and `outstanding` annotated (None without a call)."""
    paid = (
        ReceiptAllocation.objects.filter(call__declaration=OuterRef("pk"))
        .order_by()
        .values("call")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Declaration.objects.filter(employer=employer_of(user))
        .select_related("scheme")
        .annotate(
            amount_due=F("call__amount_due"),
            due_on=F("call__due_on"),
            paid=Coalesce(Subquery(paid[:1]), _money_zero()),
        )
        .annotate(outstanding=F("amount_due") - F("paid"))
        .order_by("-period")
    )


def employer_declaration(user, pk: int) -> Declaration:
    """One of the employer's declarations with its lines, members and shares; 404 otherwise."""
    lines = (
        DeclarationLine.objects.select_related("member")
        .prefetch_related("shares")
        .order_by("line_number")
    )
    declaration = (
        employer_declarations(user)
        .select_related("submitted_by")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .filter(pk=pk)
        .first()
    )
    if declaration is None:
        raise Http404("déclaration introuvable")
    return declaration


def employer_calls(user) -> QuerySet[ContributionCall]:
    """The employer's calls with `paid` and `outstanding` annotated, latest period first."""
    return contributions.call_list(employer_id=employer_of(user).pk).select_related("declaration")


def employer_call(user, pk: int) -> ContributionCall:
    """One of the employer's calls with its allocations and their receipts; 404 otherwise."""
    call = (
        employer_calls(user)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=ReceiptAllocation.objects.select_related("receipt").order_by(
                    "allocated_at", "pk"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404("appel introuvable")
    return call


def employer_receipts(user) -> QuerySet:
    """The employer's receipts with `allocated` and `left_over` annotated."""
    return contributions.receipt_list(employer_id=employer_of(user).pk).prefetch_related(
        "allocations__call"
    )


def employer_arrears(user, *, on: date) -> list:
    """The employer's calls past due and not paid in full on `on`, oldest first."""
    return contributions.arrears_list(on=on, employer_id=employer_of(user).pk)
