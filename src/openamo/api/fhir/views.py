"""The FHIR endpoints: plain Django views over the mappings and the selectors.

`/fhir/metadata` is public; everything else needs the REST API's bearer token (or, for reads,
a signed-in session) and answers `application/fhir+json`. Every error is an OperationOutcome
(French diagnostics, `expression` naming the FHIR path).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from openamo.api import idempotency, scopes
from openamo.api.auth import token_auth
from openamo.api.errors import nul_field
from openamo.audit.reads import claim_read
from openamo.claims import services as claim_services
from openamo.claims.models import Claim as ClaimRow

from . import eligibility, payment_reconciliation, preauthorization, selectors
from .intake import answer_format_check, body_size_check, json_body, resource_parse
from .mapping.bundle_in import CLAIM as CLAIM_IN_BUNDLE
from .mapping.bundle_in import claim_from_bundle
from .mapping.capability import RESOURCES, capability_statement
from .mapping.claim_in import ClaimSubmission, claim_submission
from .mapping.claim_out import claim_response_from_statement, eob_from_statement
from .mapping.common import beneficiary_id_parse, provider_resource_type
from .mapping.patient import coverage_from_beneficiary, patient_from_beneficiary
from .mapping.preauth_out import preauthorization_response
from .mapping.provider import resource_from_provider
from .models import Bundle, Claim, CoverageEligibilityRequest
from .outcome import FhirError, operation_outcome
from .responses import base_url, respond, service_error, submission_fingerprint
from .searches import SEARCH

logger = logging.getLogger(__name__)


def _outcome(error: FhirError) -> HttpResponse:
    response = respond(operation_outcome(error.issues), error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="openamo"'
    if getattr(error, "retry_after", None):
        response["Retry-After"] = str(error.retry_after)
    return response


def _authenticate(request):
    user = token_auth(request)
    if user is None and request.method == "GET" and request.user.is_authenticated:
        user = request.user
    if user is None:
        raise FhirError.one(
            401, "authentification requise : jeton porteur (Authorization: Bearer …)", "login"
        )
    return user


def _not_found(resource_type: str, resource_id: str) -> FhirError:
    return FhirError.one(
        404, f"{resource_type}/{resource_id} introuvable", "not-found", resource_type
    )


def _body(request, model):
    return resource_parse(json_body(request, model.__name__), model)


# ---- reads -------------------------------------------------------------------------------------


def _beneficiary(user, resource_type: str, resource_id: str):
    key = beneficiary_id_parse(resource_id)
    b = key and selectors.beneficiary_get(user=user, registration_number=key[0], rank=key[1])
    if not b:
        raise _not_found(resource_type, resource_id)
    return selectors.beneficiary_record(b)


def patient_read(request, user, resource_id):
    return respond(patient_from_beneficiary(_beneficiary(user, "Patient", resource_id)))


def coverage_read(request, user, resource_id):
    record = _beneficiary(user, "Coverage", resource_id)
    return respond(coverage_from_beneficiary(record, today=timezone.localdate()))


def _allowed(read):
    """(what `read` found, whether the user may read that kind at all)."""
    try:
        return read(), True
    except PermissionDenied:
        return None, False


def claim_response_read(request, user, resource_id):
    found, claims = _allowed(
        lambda: selectors.claim_with_statement(user=user, reference=resource_id)
    )
    if found is not None:
        claim_read(request, found[0], "fhir_claim_response", obj=found[1], user=user)
        return respond(claim_response_from_statement(*found))
    agreement, requests = _allowed(
        lambda: selectors.authorization_request_get(user=user, reference=resource_id)
    )
    if agreement is None:
        if not claims and not requests:
            raise PermissionDenied
        raise _not_found("ClaimResponse", resource_id)
    return respond(preauthorization_response(agreement))


def eob_read(request, user, resource_id):
    found = selectors.claim_with_statement(user=user, reference=resource_id)
    if found is None or found[1] is None:
        raise _not_found("ExplanationOfBenefit", resource_id)
    claim_read(request, found[0], "fhir_eob", obj=found[1], user=user)
    return respond(eob_from_statement(*found))


def _provider_read(resource_type):
    def read(request, user, resource_id):
        provider = selectors.provider_get(user=user, inpe=resource_id)
        if provider is None or provider_resource_type(provider.kind) != resource_type:
            raise _not_found(resource_type, resource_id)
        return respond(resource_from_provider(selectors.provider_record(provider)))

    return read


def payment_reconciliation_read(request, user, resource_id):
    return respond(payment_reconciliation.read(user, resource_id))


# ---- operations --------------------------------------------------------------------------------


def eligibility_create(request, user):
    return eligibility.create(request, user, _body(request, CoverageEligibilityRequest))


def _claim_response(user, reference: str, status: int) -> HttpResponse:
    # the submitter gets its answer even without the right to read claims afterwards
    found = selectors.claim_with_statement(user=None, reference=reference)
    return respond(
        claim_response_from_statement(*found), status, Location=f"ClaimResponse/{reference}"
    )


def _claim_submit(user, submission: ClaimSubmission) -> HttpResponse:
    try:
        scopes.claim_submit_allowed(user, lines=submission.lines)
    except ValidationError as exc:
        raise service_error(exc) from None
    key, fingerprint = submission.idempotency_key, submission_fingerprint(submission)
    if key and (
        done := idempotency.replay(
            kind="claim",
            key=key,
            user=user,
            fingerprint=fingerprint,
            taken=lambda: ClaimRow.objects.filter(idempotency_key=key).exists(),
        )
    ):
        return _claim_response(user, done, 200)
    beneficiary = selectors.beneficiary_named(
        registration_number=submission.registration_number, rank=submission.rank
    )
    if beneficiary is None:
        raise FhirError.one(400, "bénéficiaire inconnu", "not-found", "Claim.patient")
    try:
        scopes.claim_agreements_check(user, beneficiary=beneficiary, lines=submission.lines)
    except ValidationError as exc:
        raise service_error(exc, lambda _: "Claim.insurance.preAuthRef") from None
    started = timezone.now()
    try:
        with transaction.atomic():
            claim = claim_services.claim_submit(
                beneficiary=beneficiary,
                channel="electronic",
                deposit_date=submission.deposit_date,
                lines=submission.lines,
                ald_code=submission.ald_code,
                idempotency_key=key,
                user=user,
            )
            created = (
                claim.created_at >= started
                if not key
                else idempotency.remember(
                    kind="claim",
                    key=key,
                    user=user,
                    fingerprint=fingerprint,
                    reference=claim.reference,
                )
            )
            if created:
                claim_services.claim_adjudicate(
                    claim=claim, reason="liquidation automatique (API FHIR)"
                )
    except ValidationError as exc:
        raise service_error(exc) from None
    return _claim_response(user, claim.reference, 201 if created else 200)


def claim_create(request, user, claim=None):
    claim = claim or _body(request, Claim)
    submission = claim_submission(claim, header_key=request.headers.get("Idempotency-Key"))
    if submission.use == "claim":
        return _claim_submit(user, submission)
    if submission.use == "preauthorization" and preauthorization.AVAILABLE:
        return preauthorization.submit(request, user, submission)
    raise FhirError.one(
        400,
        "seuls les dossiers (use=claim)"
        + (
            " et les demandes de prise en charge (use=preauthorization)"
            if preauthorization.AVAILABLE
            else ""
        )
        + " sont pris en charge",
        "not-supported",
        "Claim.use",
    )


def claim_submit_operation(request, user):
    """`Claim/$submit`: a Claim, or a Bundle whose first entry is the Claim."""
    data = json_body(request, "Claim")
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        resource_parse(data, Bundle)
        claim = resource_parse(claim_from_bundle(data), Claim, CLAIM_IN_BUNDLE)
    else:
        claim = resource_parse(data, Claim)
    return claim_create(request, user, claim)


READ = {
    "Patient": patient_read,
    "Coverage": coverage_read,
    "ClaimResponse": claim_response_read,
    "ExplanationOfBenefit": eob_read,
    "Organization": _provider_read("Organization"),
    "Practitioner": _provider_read("Practitioner"),
    "PaymentReconciliation": payment_reconciliation_read,
}
CREATE = {"Claim": claim_create, "CoverageEligibilityRequest": eligibility_create}


def _route(request, resource_type: str, resource_id: str | None):
    user = _authenticate(request)
    answer_format_check(request)
    if request.method == "POST":
        body_size_check(request)
    if field := nul_field(request):
        raise FhirError.one(400, f"caractère NUL interdit ({field})", "value", field)
    if resource_type not in RESOURCES and resource_type not in READ:
        raise FhirError.one(
            404, f"type de ressource non pris en charge : {resource_type}", "not-supported"
        )
    if request.method == "GET" and resource_id is not None and resource_type in READ:
        return READ[resource_type](request, user, resource_id)
    if request.method == "GET" and resource_id is None and resource_type in SEARCH:
        return SEARCH[resource_type](request, user)
    if request.method == "POST" and resource_id == "$submit" and resource_type == "Claim":
        return claim_submit_operation(request, user)
    if request.method == "POST" and resource_id is None and resource_type in CREATE:
        return CREATE[resource_type](request, user)
    raise FhirError.one(
        405,
        f"interaction non prise en charge : {request.method} {resource_type}"
        + (f"/{resource_id}" if resource_id else ""),
        "not-supported",
    )


@csrf_exempt
def endpoint(request, resource_type: str, resource_id: str | None = None):
    try:
        return _route(request, resource_type, resource_id)
    except FhirError as error:
        return _outcome(error)
    except PermissionDenied as exc:
        message = str(exc) or "accès refusé : ressource hors du périmètre de ce compte"
        return _outcome(FhirError.one(403, message, "forbidden"))
    except Http404:
        return _outcome(_not_found(resource_type, resource_id or ""))
    except idempotency.IdempotencyConflict as exc:
        return _outcome(FhirError.one(409, f"Idempotency-Key : {exc.message}", "conflict"))
    except Exception:
        logger.exception("FHIR %s %s", request.method, request.path)
        return _outcome(FhirError.one(500, "erreur interne du serveur", "exception"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("openamo")
    except PackageNotFoundError:
        return "0"


@csrf_exempt
def metadata(request):
    if request.method != "GET":
        return _outcome(FhirError.one(405, "GET uniquement", "not-supported"))
    try:
        answer_format_check(request)
    except FhirError as error:
        return _outcome(error)
    statement = capability_statement(
        base_url=base_url(request),
        version=_version(),
        preauthorization=preauthorization.AVAILABLE,
    )
    return respond(statement)


@csrf_exempt
def root(request):
    return _outcome(
        FhirError.one(404, "indiquer un type de ressource (voir /fhir/metadata)", "not-found")
    )
