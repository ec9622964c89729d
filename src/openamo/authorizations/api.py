"""REST: prior-authorisation requests for providers (submission with an idempotency key, and
status). Thin: parse, call the service or selector, render. A provider user acts for its own
establishment only; staff with the view permission read every request."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.responses import Status

from openamo.members.models import Beneficiary
from openamo.referentials.models import AuthorizationType

from . import selectors, services
from .models import AuthorizationRequest

router = Router(tags=["Prises en charge"])


class ActIn(Schema):
    kind: str
    code: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None


class DocumentIn(Schema):
    document_type: str
    file_name: str = ""
    reference: str = ""


class RequestIn(Schema):
    idempotency_key: str | None = None
    registration_number: str
    rank: int = 0
    authorization_type: str
    stage: str = "initial"
    diagnosis: str
    ald_code: str = ""
    doctor_inpe: str = ""
    planned_start: dt.date
    planned_end: dt.date | None = None
    sessions_per_week: int | None = None
    estimated_amount: Decimal | None = None
    acts: list[ActIn]
    documents: list[DocumentIn] = []


class DocumentOut(Schema):
    code: str
    label: str


class ActOut(Schema):
    number: int
    kind: str
    code: str
    quotation: str
    quantity: Decimal
    granted_quantity: Decimal | None
    base: Decimal
    rate: Decimal
    covered: Decimal
    copayment: Decimal
    problem: str


class RequestOut(Schema):
    reference: str
    status: str
    status_label: str
    message: str
    decided_at: dt.datetime | None
    decided_by_rule: str
    due_at: dt.datetime | None
    escalated: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    amount_charged: Decimal
    amount_covered: Decimal
    copayment: Decimal
    remaining: Decimal
    exemption_applied: str
    refusal_reason: str
    missing_documents: list[DocumentOut]
    acts: list[ActOut]


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


def _provider(request):
    provider = selectors.provider_of(request.user)
    if provider is None:
        raise PermissionDenied
    return provider


@router.post(
    "/requests",
    response={200: RequestOut, 201: RequestOut},
    summary="Déposer une demande de prise en charge (décision immédiate si possible)",
    description="Le même `idempotency_key` renvoie la demande déjà enregistrée (200).",
)
def request_submit(request, payload: RequestIn):
    provider = _provider(request)
    if payload.idempotency_key and (
        done := AuthorizationRequest.objects.filter(
            idempotency_key=payload.idempotency_key, provider=provider
        ).first()
    ):
        return Status(200, request_json(done))
    beneficiary = (
        Beneficiary.objects.select_related("scheme", "member__city__delegation")
        .filter(registration_number=payload.registration_number.strip(), rank=payload.rank)
        .first()
    )
    if beneficiary is None:
        raise ValidationError(
            {
                "registration_number": f"bénéficiaire inconnu : {payload.registration_number} rang {payload.rank}"
            }
        )
    type_ = AuthorizationType.objects.filter(code=payload.authorization_type).first()
    if type_ is None:
        raise ValidationError(
            {"authorization_type": f"type inconnu « {payload.authorization_type} »"}
        )
    created = services.authorization_submit(
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
        idempotency_key=payload.idempotency_key,
        user=request.user,
    )
    return Status(201, request_json(created))


@router.get("/requests/{reference}", response=RequestOut, summary="Statut d'une demande")
def request_status(request, reference: str):
    """A provider reads its own requests only (another establishment's reference is 404)."""
    return request_json(selectors.request_by_reference(request.user, reference))
