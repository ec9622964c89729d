"""Claim (use=preauthorization) → the authorisations context's `authorization_submit`, answered
with a ClaimResponse (use=preauthorization); ClaimResponse/<PEC reference> reads it back.

The request: `subType` in the authorization-type system (CHIR, HOSP, DIAL...), the ICD-10
diagnosis, `billablePeriod` as the planned dates (else the items' dates), the items as acts,
`supportingInfo` as documents (code in the document-type system, `valueAttachment.title` as the
file name), the `sessions-per-week` and `authorization-stage` extensions, the prescriber in the
care team, the claim's `identifier` or the `Idempotency-Key` header as the idempotency key.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from . import selectors
from .mapping.preauth_out import preauthorization_response
from .outcome import FhirError, Issue
from .responses import respond, service_error

try:
    from openamo.authorizations import services as authorization_services
except ImportError:  # the authorisations context is not installed
    authorization_services = None

AVAILABLE = authorization_services is not None

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


def submit(request, user, submission):
    issues = []
    provider = selectors.provider_get(user=user, inpe=submission.provider_inpe)
    if provider is None:
        issues.append(Issue("prestataire inconnu", "not-found", "Claim.provider"))
    beneficiary = selectors.beneficiary_get(
        user=user, registration_number=submission.registration_number, rank=submission.rank
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
    days = [line.care_date for line in submission.lines]
    started = timezone.now()
    try:
        found = authorization_services.authorization_submit(
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
    except ValidationError as exc:
        raise service_error(exc, path=error_path) from None
    created = found.submitted_at >= started
    record = selectors.authorization_request_get(user=user, reference=found.reference)
    return respond(
        preauthorization_response(record),
        201 if created else 200,
        Location=f"ClaimResponse/{found.reference}",
    )
