"""Claim (use=preauthorization) → the authorisations context's `authorization_submit`, answered
with a ClaimResponse (use=preauthorization); ClaimResponse/<PEC reference> reads it back.

The request: `subType` in the authorization-type system (CHIR, HOSP, DIAL...), the ICD-10
diagnosis, `billablePeriod` as the planned dates (else the items' dates), the items as acts,
`supportingInfo` as documents (code in the document-type system, `valueAttachment.title` as the
file name), the `sessions-per-week` and `authorization-stage` extensions, the prescriber in the
care team, the claim's `identifier` or the `Idempotency-Key` header as the idempotency key.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.api import idempotency, scopes

from . import selectors
from .mapping.preauth_out import preauthorization_response
from .outcome import FhirError, Issue
from .responses import respond, service_error, submission_fingerprint

try:
    from openamo.authorizations import services as authorization_services
except ImportError:  # the authorisations context is not installed
    authorization_services = None

AVAILABLE = authorization_services is not None
KIND = "authorization_request"

FIELD_PATHS = {
    "diagnosis": "Claim.diagnosis",
    "planned_start": "Claim.billablePeriod.start",
    "planned_end": "Claim.billablePeriod.end",
    "documents": "Claim.supportingInfo",
    "sessions_per_week": "Claim.extension",
    "stage": "Claim.extension",
    "doctor_inpe": "Claim.careTeam",
    "acts": "Claim.item",
}
ACT_PATHS = {"kind": "productOrService", "code": "productOrService", "coefficient": "extension"}


def error_path(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "acts" and len(parts) == 3 and parts[1].isdigit():
        field = ACT_PATHS.get(
            parts[2], {"quantity": "quantity.value", "charged": "net.value"}.get(parts[2], parts[2])
        )
        return f"Claim.item[{int(parts[1]) - 1}].{field}"
    return FIELD_PATHS.get(name, f"Claim.{name}")


def _provider(user, inpe: str):
    """A provider user submits for its own establishment (naming another is a 403); staff
    with `authorizations.add_authorizationrequest` for the provider the Claim names."""
    scope = scopes.scope_of(user)
    if scope.kind == scopes.PROVIDER:
        if inpe and inpe != scope.provider.inpe:
            raise PermissionDenied(
                f"Claim.provider : un prestataire ne dépose que pour son établissement "
                f"(INPE {scope.provider.inpe})"
            )
        return scope.provider
    if scope.kind != scopes.STAFF or not user.has_perm("authorizations.add_authorizationrequest"):
        raise PermissionDenied
    return selectors.provider_get(user=user, inpe=inpe)


def _replay(user, key, fingerprint):
    from openamo.authorizations.models import AuthorizationRequest

    return idempotency.replay(
        kind=KIND,
        key=key,
        user=user,
        fingerprint=fingerprint,
        taken=lambda: AuthorizationRequest.objects.filter(idempotency_key=key).exists(),
    )


def _answer(user, reference: str, status: int):
    # the sender gets its answer (the idempotency row or the submission proves it is its own)
    record = selectors.authorization_request_get(user=None, reference=reference)
    return respond(preauthorization_response(record), status, Location=f"ClaimResponse/{reference}")


def submit(request, user, submission):
    issues = []
    provider = _provider(user, submission.provider_inpe)
    key, fingerprint = submission.idempotency_key, submission_fingerprint(submission)
    if key and (done := _replay(user, key, fingerprint)):
        return _answer(user, done, 200)
    if provider is None:
        issues.append(Issue("prestataire inconnu", "not-found", "Claim.provider"))
    beneficiary = selectors.beneficiary_named(
        registration_number=submission.registration_number, rank=submission.rank
    )
    if beneficiary is None:
        issues.append(Issue("bénéficiaire inconnu", "not-found", "Claim.patient"))
    type_ = selectors.authorization_type_get(code=submission.subtype)
    if type_ is None:
        known = ", ".join(selectors.authorization_type_codes())
        issues.append(
            Issue(
                f"type de prise en charge attendu dans Claim.subType (possibles : {known})",
                "required" if not submission.subtype else "value",
                "Claim.subType",
            )
        )
    if issues:
        raise FhirError(400, *issues)
    started = timezone.now()
    try:
        with transaction.atomic():
            found = _submit(user, submission, provider, beneficiary, type_, started)
            created = not key or idempotency.remember(
                kind=KIND, key=key, user=user, fingerprint=fingerprint, reference=found.reference
            )
    except ValidationError as exc:
        raise service_error(exc, path=error_path) from None
    return _answer(user, found.reference, 201 if created else 200)


def _submit(user, submission, provider, beneficiary, type_, started):
    days = [line.care_date for line in submission.lines]
    return authorization_services.authorization_submit(
        provider=provider,
        beneficiary=beneficiary,
        authorization_type=type_,
        diagnosis=submission.diagnosis,
        planned_start=submission.billable_start or min(days),
        planned_end=submission.billable_end or max(days),
        acts=[
            authorization_services.ActInput(
                line.kind, line.code, line.coefficient, line.quantity, line.charged
            )
            for line in submission.lines
        ],
        documents=[
            authorization_services.DocumentInput(kind, file_name, ref)
            for kind, file_name, ref in submission.documents
        ],
        stage=submission.stage,
        sessions_per_week=submission.sessions_per_week,
        ald_code=submission.ald_code,
        doctor_inpe=submission.prescriber_inpe,
        idempotency_key=submission.idempotency_key,
        user=user,
        now=started,
    )
