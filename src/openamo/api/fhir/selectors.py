"""Every read the FHIR API makes, in one place, so that scoping by role (an insured person's
family, a provider's own patients and claims...) can be added here alone. For now any
authenticated API user reads everything."""

from datetime import date

from django.db.models import Prefetch

from openamo.claims.models import Claim, ClaimLine, Statement, StatementLine
from openamo.members.models import Beneficiary
from openamo.members.selectors import eligibility_check
from openamo.referentials.models import Provider

from .mapping.patient import BeneficiaryRecord, RightsPeriodRecord
from .mapping.provider import ProviderRecord


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _beneficiaries():
    return Beneficiary.objects.select_related("member", "dependent", "scheme")


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
    return _beneficiaries().filter(registration_number=registration_number, rank=rank).first()


def beneficiaries_by_identifier(*, user, system: str | None, value: str) -> list[Beneficiary]:
    """Patient?identifier=[system|]value: the beneficiary id, a family's registration number
    (every member of the family) or a CIN."""
    from . import systems
    from .mapping.common import beneficiary_id_parse

    found = []
    if system in (None, systems.BENEFICIARY):
        key = beneficiary_id_parse(value)
        if key and "-" in value:
            found = list(_beneficiaries().filter(registration_number=key[0], rank=key[1]))
    if not found and system in (None, systems.REGISTRATION_NUMBER) and value.isdigit():
        found = list(_beneficiaries().filter(registration_number=value).order_by("rank"))
    if not found and system in (None, systems.CIN) and value:
        found = list(_beneficiaries().filter(cin=value.strip().upper()))
    return found[:100]


def eligibility_answers(*, user, registration_number, rank, day, care_categories, sector):
    return [
        eligibility_check(
            day=day,
            care_category=category,
            sector=sector,
            registration_number=registration_number,
            rank=rank,
        )
        for category in care_categories
    ]


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


def _claims():
    return Claim.objects.select_related("beneficiary", "scheme").prefetch_related(
        Prefetch("lines", queryset=ClaimLine.objects.order_by("number"))
    )


def _statement_in_force(claim: Claim) -> Statement | None:
    return (
        Statement.objects.filter(claim=claim)
        .prefetch_related(Prefetch("lines", queryset=StatementLine.objects.order_by("number")))
        .order_by("-version")
        .first()
    )


def claim_with_statement(*, user, reference: str) -> tuple[Claim, Statement | None] | None:
    claim = _claims().filter(reference=reference).first()
    if claim is None:
        return None
    return claim, _statement_in_force(claim)


def claim_by_idempotency_key(*, user, key: str) -> Claim | None:
    return Claim.objects.filter(idempotency_key=key).first()


def adjudicated_claims_of(*, user, registration_number: str, rank: int, limit: int = 100):
    """The claims of a beneficiary that have a statement, newest first, each with its
    statement in force."""
    claims = list(
        _claims()
        .filter(
            beneficiary__registration_number=registration_number,
            beneficiary__rank=rank,
            statements__isnull=False,
        )
        .distinct()
        .order_by("-deposit_date", "-id")[:limit]
    )
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
    """A prior-authorisation request with what its ClaimResponse shows, or None (also when the
    authorisations context is not installed)."""
    try:
        from openamo.authorizations.models import AuthorizationRequest
    except ImportError:
        return None
    return (
        AuthorizationRequest.objects.select_related(
            "beneficiary", "beneficiary__scheme", "provider", "authorization_type"
        )
        .prefetch_related("acts")
        .filter(reference=reference)
        .first()
    )
