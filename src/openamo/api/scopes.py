"""What an API user may reach: the one place where the REST and FHIR APIs are scoped.

The scope comes from the same rows as the pages' (`authorizations.ProviderAccess`,
`portal.PortalAccess`) and the querysets from the same selectors (`authorizations.selectors`,
`portal.selectors`, `contributions.selectors`). The rule table:

| API user | claims | authorisation requests | invoices, batches | declarations, calls | beneficiaries, eligibility |
|---|---|---|---|---|---|
| provider (ProviderAccess) | those with a line its establishment executed; submits only lines it executed, tiers payant only under an agreement granted to that beneficiary | its establishment's; submits | its establishment's; submits | 403 | eligibility of a beneficiary it names; no reading or search of patients (403) |
| insured (PortalAccess) | their family's | their family's | 403 | 403 | their family |
| employer (PortalAccess) | 403 | 403 | 403 | its own; submits its own | 403 |
| broker (PortalAccess) | 403 | 403 | 403 | its portfolio's (mandates in force today) | 403 |
| mutuelle (PortalAccess) | its members' | 403 | 403 | 403 | its members' families |
| provider payments (PaymentReconciliation) | provider: its establishment's orders; staff: `payments.view_paymentorder`; anyone else 403 |  |  |  |  |
| staff | with `claims.view_claim` (submit: `add_claim`) | `authorizations.view_authorizationrequest` | `authorizations.view_invoice` | `contributions.view_declaration` / `view_contributioncall` (submit: `add_declaration`) | `members.view_beneficiary` |

A kind of object the user may not reach at all is a 403 (`PermissionDenied`); an object of an
allowed kind outside the user's scope is a 404 (`Http404`), so its existence does not leak.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from openamo.authorizations import selectors as authorizations
from openamo.claims.models import Claim, ClaimLine
from openamo.contributions import selectors as contributions
from openamo.members.models import Beneficiary, Employer
from openamo.portal import selectors as portal
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role

PROVIDER, INSURED, EMPLOYER, BROKER, MUTUELLE = (
    "provider",
    "insured",
    "employer",
    "broker",
    "mutuelle",
)
STAFF = "staff"
CALLS = "contributions.view_contributioncall"


@dataclass(frozen=True)
class Scope:
    kind: str
    provider: object = None  # referentials.Provider
    member: object = None  # members.Member, head of the insured family
    employer: object = None
    broker: object = None
    mutuelle: object = None


def scope_of(user) -> Scope:
    """Whom the user acts for, kept on the user object (the token cache keeps that object for
    30 s, so the eligibility path pays these queries once per token and per half minute)."""
    cached = getattr(user, "_openamo_api_scope", None)
    if cached is not None:
        return cached
    scope = Scope(STAFF)
    if (provider := authorizations.provider_of(user)) is not None:
        scope = Scope(PROVIDER, provider=provider)
    elif access := PortalAccess.objects.filter(user=user).first():
        if access.role == Role.INSURED:
            scope = Scope(INSURED, member=portal.insured_member(user))
        elif access.role == Role.EMPLOYER:
            scope = Scope(EMPLOYER, employer=portal.employer_of(user))
        elif access.role == Role.BROKER:
            from openamo.portal.selectors_broker import broker_of

            scope = Scope(BROKER, broker=broker_of(user))
        elif access.role == Role.MUTUELLE_AGENT:
            from openamo.portal.selectors_mutuelle import mutuelle_of

            scope = Scope(MUTUELLE, mutuelle=mutuelle_of(user))
    user._openamo_api_scope = scope
    return scope


def _staff(user, scope: Scope, permission: str) -> None:
    if scope.kind != STAFF or not user.has_perm(permission):
        raise PermissionDenied


def provider_required(user):
    """The establishment a provider user submits for; 403 for anyone else."""
    scope = scope_of(user)
    if scope.kind != PROVIDER:
        raise PermissionDenied
    return scope.provider


# ---- claims ------------------------------------------------------------------------------------


def claims(user) -> QuerySet[Claim]:
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        executed = ClaimLine.objects.filter(executor_inpe=scope.provider.inpe).values("claim_id")
        return Claim.objects.filter(pk__in=executed)
    if scope.kind == INSURED:
        return Claim.objects.filter(beneficiary__member=scope.member)
    if scope.kind == MUTUELLE:
        return Claim.objects.filter(beneficiary__member__mutuelle=scope.mutuelle)
    _staff(user, scope, "claims.view_claim")
    return Claim.objects.all()


def claim_visible(user, reference: str) -> bool:
    return claims(user).filter(reference=reference).exists()


def claim_submit_allowed(user, *, lines) -> None:
    """A provider submits only the lines its establishment executed (the prescriber may be
    anyone; the referentials hold no practitioner-to-establishment link, so the executor is the
    establishment's own INPE): another executor is a 400 naming `lines.N.executor_inpe`, and
    nothing is stored. Staff need `claims.add_claim`; anyone else gets a 403."""
    scope = scope_of(user)
    if scope.kind != PROVIDER:
        _staff(user, scope, "claims.add_claim")
        return
    own = scope.provider.inpe
    foreign = {
        f"lines.{n}.executor_inpe": (
            f"ligne exécutée par un autre prestataire (INPE {line.executor_inpe}) : un "
            f"établissement ne dépose que les soins qu'il a exécutés (INPE {own})"
        )
        for n, line in enumerate(lines, 1)
        if (line.executor_inpe or "").strip() != own
    }
    if foreign:
        raise ValidationError(foreign)


def claim_agreements_check(user, *, beneficiary, lines) -> None:
    """A provider's line billed under a prise en charge (tiers payant, `authorization_ref`)
    needs that agreement granted to this beneficiary; otherwise a 400 naming
    `lines.N.authorization_ref`, nothing stored. Staff submissions are left to adjudication."""
    if scope_of(user).kind != PROVIDER:
        return
    cited = [(n, line.authorization_ref.strip()) for n, line in enumerate(lines, 1)]
    cited = [(n, ref) for n, ref in cited if ref]
    if not cited:
        return
    granted = authorizations.agreements_for_claims(beneficiary_ids=[beneficiary.pk])
    missing = {
        f"lines.{n}.authorization_ref": (
            f"aucune prise en charge accordée à ce bénéficiaire sous la référence « {ref} » : "
            "le tiers payant exige un accord"
        )
        for n, ref in cited
        if ref not in granted or granted[ref].beneficiary_id != beneficiary.pk
    }
    if missing:
        raise ValidationError(missing)


# ---- beneficiaries -----------------------------------------------------------------------------


def beneficiaries(user) -> QuerySet[Beneficiary]:
    """The beneficiaries the user may read or search (a provider: none, 403)."""
    scope = scope_of(user)
    if scope.kind == INSURED:
        return portal.family_beneficiaries(user)
    if scope.kind == MUTUELLE:
        return Beneficiary.objects.filter(member__mutuelle=scope.mutuelle)
    _staff(user, scope, "members.view_beneficiary")
    return Beneficiary.objects.all()


def eligibility_allowed(
    user, *, registration_number=None, rank=None, cin=None, birth_date=None
) -> None:
    """A provider checks a beneficiary it names by two identifiers: the registration number
    (and rank) or the CIN, and the birth date (a mismatch is answered as an unknown person, by
    the lookup itself); staff with `members.view_beneficiary` by one; the others within their
    own scope (an identifier outside it is a 404)."""
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        if (registration_number or cin) and birth_date is None:
            raise ValidationError(
                {"birth_date": "La date de naissance du bénéficiaire est obligatoire."}
            )
        return
    if scope.kind == STAFF and not user.has_perm("members.view_beneficiary"):
        raise PermissionDenied
    if scope.kind == STAFF:
        return
    if not registration_number and not cin:
        return  # the endpoint names the missing identifier
    visible = beneficiaries(user)
    if registration_number:
        found = visible.filter(registration_number=registration_number.strip())
        found = found if rank is None else found.filter(rank=rank)
    else:
        found = visible.filter(cin=cin.strip().upper())
    if not found.exists():
        raise Http404("bénéficiaire introuvable")


# ---- prior authorisations and provider billing -------------------------------------------------


def authorization_requests(user) -> QuerySet:
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        return authorizations.request_list(provider=scope.provider)
    if scope.kind == INSURED:
        return portal.family_authorizations(user)
    _staff(user, scope, "authorizations.view_authorizationrequest")
    return authorizations.request_list()


def invoice_batches(user) -> QuerySet:
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        return authorizations.batch_list(provider=scope.provider)
    _staff(user, scope, "authorizations.view_invoice")
    return authorizations.batch_list()


def invoices(user) -> QuerySet:
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        return authorizations.invoice_list(provider=scope.provider)
    _staff(user, scope, "authorizations.view_invoice")
    return authorizations.invoice_list()


def provider_payment_orders(user) -> QuerySet:
    """Payment orders to providers: a provider's own establishment's; staff with the permission
    all of them; 403 for anyone else."""
    from openamo.payments.models import PaymentOrder

    orders = PaymentOrder.objects.filter(provider__isnull=False)
    scope = scope_of(user)
    if scope.kind == PROVIDER:
        return orders.filter(provider=scope.provider)
    _staff(user, scope, "payments.view_paymentorder")
    return orders


# ---- contributions -----------------------------------------------------------------------------


def _portfolio(user):
    """The employers under a mandate of the broker in force today (`portal.selectors_broker`)."""
    from openamo.portal.selectors_broker import portfolio_mandates

    return portfolio_mandates(user, on=timezone.localdate()).values("employer")


def declarations(user) -> QuerySet:
    scope = scope_of(user)
    if scope.kind == EMPLOYER:
        return contributions.declaration_list(employer_id=scope.employer.pk)
    if scope.kind == BROKER:
        return contributions.declaration_list().filter(employer__in=_portfolio(user))
    _staff(user, scope, "contributions.view_declaration")
    return contributions.declaration_list()


def _employer(user, employer_id: int | None, permission: str) -> Employer:
    scope = scope_of(user)
    if scope.kind == EMPLOYER:
        if employer_id not in (None, scope.employer.pk):
            raise Http404("employeur introuvable")
        return scope.employer
    if scope.kind == BROKER and permission == CALLS:
        employer = Employer.objects.filter(pk=employer_id, pk__in=_portfolio(user)).first()
        if employer is None:
            raise Http404("employeur introuvable")
        return employer
    _staff(user, scope, permission)
    if employer_id is None:
        raise ValidationError({"employer_id": "obligatoire : l'employeur déclarant"})
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise ValidationError({"employer_id": f"employeur inconnu : {employer_id}"})
    return employer


def declaring_employer(user, employer_id: int | None) -> Employer:
    """The employer a declaration is submitted for: an employer user's own (another id is a
    404), any for staff with `contributions.add_declaration`."""
    return _employer(user, employer_id, "contributions.add_declaration")


def calls_employer(user, employer_id: int) -> Employer:
    return _employer(user, employer_id, CALLS)
