"""Every read the FHIR API makes, in one place, scoped by the API user through
`openamo.api.scopes` (its docstring holds the rule table): an insured person reads their
family, a mutuelle its members, a provider its establishment's claims and authorisation
requests and the eligibility of a beneficiary it names (no Patient read or search), staff by
model permission. A kind of resource out of reach raises PermissionDenied (403); a resource
outside the scope is None (404). Providers' own referential entries (Organization,
Practitioner) are readable by every API user."""

from datetime import date

from django.db.models import Prefetch

from openamo.api import scopes
from openamo.claims.models import Claim, ClaimLine, Statement, StatementLine
from openamo.members.models import Beneficiary
from openamo.referentials.models import Provider

from .mapping.patient import BeneficiaryRecord, RightsPeriodRecord
from .mapping.provider import ProviderRecord


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _beneficiaries(user=None):
    """Every beneficiary (to resolve the one a submission names), or those `user` may read."""
    rows = Beneficiary.objects if user is None else scopes.beneficiaries(user)
    return rows.select_related("member", "dependent", "scheme")


def beneficiary_record(b: Beneficiary) -> BeneficiaryRecord:
    person = b.dependent if b.dependent_id else b.member
    return BeneficiaryRecord(
        registration_number=b.registration_number,
        rank=b.rank,
        role=b.role,
        last_name=b.last_name,
        first_name=b.first_name,
        birth_date=b.birth_date,
        sex=person.sex,
        cin=b.cin,
        deceased_on=b.deceased_on,
        scheme_code=b.scheme.code,
        scheme_name=b.scheme.name,
        fund=b.scheme.fund,
        member_name=b.member.full_name,
        periods=tuple(
            RightsPeriodRecord(_day(s), _day(e), kind)
            for s, e, kind in (b.rights or {}).get("p", [])
        ),
    )


def beneficiary_get(*, user, registration_number: str, rank: int) -> Beneficiary | None:
    """A beneficiary the user may read (Patient, Coverage)."""
    return _beneficiaries(user).filter(registration_number=registration_number, rank=rank).first()


def beneficiary_named(*, registration_number: str, rank: int) -> Beneficiary | None:
    """The beneficiary a submission names (a claim, a prior-authorisation request): the
    submission itself is checked against the user's scope by the caller."""
    return _beneficiaries().filter(registration_number=registration_number, rank=rank).first()


def beneficiaries_by_identifier(*, user, system: str | None, value: str):
    """Patient?identifier=[system|]value: the beneficiary id, a family's registration number
    (every member of the family) or a CIN; a queryset in a stable order."""
    from . import systems
    from .mapping.common import beneficiary_id_parse

    rows = _beneficiaries(user).order_by("registration_number", "rank", "pk")
    if system in (None, systems.BENEFICIARY):
        key = beneficiary_id_parse(value)
        found = rows.filter(registration_number=key[0], rank=key[1]) if key else rows.none()
        if key and "-" in value and found.exists():
            return found
    if system in (None, systems.REGISTRATION_NUMBER) and value.isdigit():
        found = rows.filter(registration_number=value)
        if found.exists():
            return found
    if system in (None, systems.CIN) and value:
        return rows.filter(cin=value.strip().upper())
    return rows.none()


def scheme_fund(*, scheme_code: str) -> str:
    from openamo.referentials.models import Scheme

    return Scheme.objects.filter(code=scheme_code).values_list("fund", flat=True).first() or ""


def provider_get(*, user, inpe: str) -> Provider | None:
    return Provider.objects.select_related("city").filter(inpe=inpe).first()


def provider_record(p: Provider) -> ProviderRecord:
    return ProviderRecord(
        inpe=p.inpe,
        name=p.name,
        kind=p.kind,
        kind_label=str(p.get_kind_display()),
        specialty=p.specialty,
        specialty_label=str(p.get_specialty_display()) if p.specialty else "",
        sector=p.sector,
        sector_label=str(p.get_sector_display()),
        city=p.city.name,
        address=p.address,
        phone=p.phone,
        email=p.email,
        active=p.active,
    )


def _claims(user):
    """The claims `user` may read; every claim for None (the one a submission just made)."""
    return (
        (Claim.objects.all() if user is None else scopes.claims(user))
        .select_related("beneficiary", "scheme")
        .prefetch_related(Prefetch("lines", queryset=ClaimLine.objects.order_by("number")))
    )


def _statement_in_force(claim: Claim) -> Statement | None:
    return (
        Statement.objects.filter(claim=claim)
        .prefetch_related(Prefetch("lines", queryset=StatementLine.objects.order_by("number")))
        .order_by("-version")
        .first()
    )


def claim_with_statement(*, user, reference: str) -> tuple[Claim, Statement | None] | None:
    claim = _claims(user).filter(reference=reference).first()
    if claim is None:
        return None
    return claim, _statement_in_force(claim)


def adjudicated_claims_of(*, user, registration_number: str, rank: int):
    """The claims of a beneficiary that have a statement, newest first (a queryset)."""
    return (
        _claims(user)
        .filter(
            beneficiary__registration_number=registration_number,
            beneficiary__rank=rank,
            statements__isnull=False,
        )
        .distinct()
        .order_by("-deposit_date", "-id")
    )


def with_statements_in_force(claims) -> list[tuple[Claim, Statement]]:
    """Each claim (of a page) with its statement in force, in two queries."""
    claims = list(claims)
    latest: dict[int, Statement] = {}
    for statement in (
        Statement.objects.filter(claim__in=claims)
        .prefetch_related(Prefetch("lines", queryset=StatementLine.objects.order_by("number")))
        .order_by("claim_id", "-version")
    ):
        latest.setdefault(statement.claim_id, statement)
    return [(claim, latest[claim.pk]) for claim in claims if claim.pk in latest]


def authorization_type_get(*, code: str):
    from openamo.referentials.models import AuthorizationType

    return AuthorizationType.objects.filter(code=code).first() if code else None


def authorization_type_codes() -> list[str]:
    from openamo.referentials.models import AuthorizationType

    return list(AuthorizationType.objects.order_by("code").values_list("code", flat=True))


def authorization_request_get(*, user, reference: str):
    """A prior-authorisation request the user may see (any for None: the one just submitted),
    with what its ClaimResponse shows, or None."""
    from openamo.authorizations.models import AuthorizationRequest

    rows = AuthorizationRequest.objects if user is None else scopes.authorization_requests(user)
    return (
        rows.select_related("beneficiary", "beneficiary__scheme", "provider", "authorization_type")
        .prefetch_related("acts")
        .filter(reference=reference)
        .first()
    )
