"""REST: prior-authorisation requests for providers (submission with an idempotency key, list
and status); billing in `api_billing`. Thin: parse, call the service or selector, render.
Scoped by `openamo.api.scopes`: a provider user acts for its own establishment only, an insured
person reads their family's requests, staff with the view permission read every request."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from openamo.api import idempotency, scopes
from openamo.api.pagination import LIMIT, OFFSET, paginate
from openamo.members.models import Beneficiary
from openamo.referentials.models import AuthorizationType

from . import selectors, services
from .api_schemas import (
    ErrorOut,
    RequestIn,
    RequestOut,
    RequestPage,
)
from .models import AuthorizationRequest

router = Router(tags=["Prises en charge"])
KIND = "authorization_request"


def request_json(request: AuthorizationRequest) -> dict:
    return {
        "reference": request.reference,
        "status": request.status,
        "status_label": request.get_status_display(),
        "message": request.decision_note,
        "decided_at": request.decided_at,
        "decided_by_rule": request.decision_rule,
        "due_at": request.due_at,
        "escalated": request.escalated_at is not None,
        "valid_from": request.valid_from,
        "valid_to": request.valid_to,
        "amount_charged": request.amount_charged,
        "amount_covered": request.amount_covered,
        "copayment": request.copayment,
        "remaining": request.remaining,
        "exemption_applied": request.exemption_applied,
        "refusal_reason": request.refusal_reason,
        "missing_documents": [
            {"code": d.code, "label": d.label} for d in selectors.request_missing(request)
        ],
        "acts": [
            {
                "number": a.number,
                "kind": a.kind,
                "code": a.code,
                "quotation": a.quotation,
                "quantity": a.quantity,
                "granted_quantity": a.granted_quantity,
                "base": a.base,
                "rate": a.rate,
                "covered": a.covered,
                "copayment": a.copayment,
                "problem": a.problem,
            }
            for a in request.acts.all()
        ],
    }


def _fingerprint(payload: Schema) -> str:
    return idempotency.fingerprint(payload.dict(exclude={"idempotency_key"}))


def _request(user, reference: str) -> AuthorizationRequest:
    """The request if the user may see it (`openamo.api.scopes`), else 404."""
    found = (
        scopes.authorization_requests(user)
        .prefetch_related("acts", "documents__document_type", "asks__document_type")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404("Demande introuvable")
    return found


@router.post(
    "/requests",
    response={200: RequestOut, 201: RequestOut, 409: ErrorOut},
    summary="Déposer une demande de prise en charge (décision immédiate si possible)",
    description="Pour les prestataires, au nom de leur établissement. Avec la même clé "
    "d'idempotence (en-tête `Idempotency-Key` ou champ `idempotency_key`), la même demande "
    "renvoie celle déjà enregistrée (200) ; une autre demande : 409.",
)
def request_submit(request, payload: RequestIn):
    user = request.user
    provider = scopes.provider_required(user)
    key = idempotency.key_of(request, payload.idempotency_key)
    fingerprint = _fingerprint(payload)
    if key and (
        done := idempotency.replay(
            kind=KIND,
            key=key,
            user=user,
            fingerprint=fingerprint,
            taken=lambda: AuthorizationRequest.objects.filter(idempotency_key=key).exists(),
        )
    ):
        return Status(200, request_json(_request(user, done)))
    beneficiary = (
        Beneficiary.objects.select_related("scheme", "member__city__delegation")
        .filter(registration_number=payload.registration_number.strip(), rank=payload.rank)
        .first()
    )
    if beneficiary is None:
        raise ValidationError(
            {
                "registration_number": f"bénéficiaire inconnu : {payload.registration_number} "
                f"rang {payload.rank}"
            }
        )
    type_ = AuthorizationType.objects.filter(code=payload.authorization_type).first()
    if type_ is None:
        raise ValidationError(
            {"authorization_type": f"type inconnu « {payload.authorization_type} »"}
        )
    started = timezone.now()
    with transaction.atomic():
        made = services.authorization_submit(
            provider=provider,
            beneficiary=beneficiary,
            authorization_type=type_,
            stage=payload.stage,
            diagnosis=payload.diagnosis,
            ald_code=payload.ald_code,
            doctor_inpe=payload.doctor_inpe,
            planned_start=payload.planned_start,
            planned_end=payload.planned_end,
            sessions_per_week=payload.sessions_per_week,
            estimated_amount=payload.estimated_amount,
            acts=[services.ActInput(**a.dict()) for a in payload.acts],
            documents=[services.DocumentInput(**d.dict()) for d in payload.documents],
            idempotency_key=key,
            user=user,
            now=started,
        )
        created = not key or idempotency.remember(
            kind=KIND, key=key, user=user, fingerprint=fingerprint, reference=made.reference
        )
    return Status(201 if created else 200, request_json(made))


@router.get(
    "/requests",
    response=RequestPage,
    summary="Les demandes visibles par l'utilisateur, les plus récentes d'abord",
    description="Un prestataire : celles de son établissement ; un assuré : celles de sa "
    "famille ; le personnel : toutes (permission de lecture). Filtre : `status`.",
)
def request_list(request, status: str = "", limit: int = LIMIT, offset: int = OFFSET):
    rows = scopes.authorization_requests(request.user).prefetch_related(
        "acts", "documents__document_type", "asks__document_type"
    )
    if status:
        rows = rows.filter(status=status)
    return paginate(rows.order_by("-id"), limit=limit, offset=offset, render=request_json)


@router.get(
    "/requests/{reference}",
    response={200: RequestOut, 404: ErrorOut},
    summary="Statut d'une demande",
)
def request_status(request, reference: str):
    """Within the user's scope only (another establishment's reference is a 404)."""
    return request_json(_request(request.user, reference))


from .api_billing import router as billing_router  # noqa: E402

router.add_router("", billing_router)
