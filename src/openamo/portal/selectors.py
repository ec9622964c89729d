"""What a portal user may see, from their access row: the one place where portal reads are
scoped. An object outside the user's scope is reported as not found (404), never as forbidden,
so its existence does not leak."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from openamo.claims.models import Claim, Statement
from openamo.members.models import Beneficiary, Member

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
