"""REST: claim files. Submit one (idempotent), read it with its statement in force, download
the statement as a PDF. Thin: parse, call a service or a selector, render.

Errors: a body that does not fit the schema gets ninja's 422 (each error's `loc` names the
field); a body that fits but breaks a rule gets 400 `{detail, errors: {field: [messages]}}`
with fields such as `lines.1.executor_inpe` (lines are numbered from 1).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from . import selectors, services
from .models import Channel, Claim
from .statement_pdf import justifications, statement_filename, statement_pdf

router = Router(tags=["Dossiers maladie"])


class LineIn(Schema):
    kind: str
    code: str
    care_date: dt.date
    executor_inpe: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None
    prescriber_inpe: str = ""
    prescribed_quantity: Decimal | None = None
    prescription_date: dt.date | None = None
    ald_code: str = ""
    authorization_ref: str = ""


class ClaimIn(Schema):
    registration_number: str = ""
    rank: int | None = None
    cin: str = ""
    deposit_date: dt.date
    channel: str = Channel.ELECTRONIC.value
    continuous_treatment: bool = False
    ald_code: str = ""
    idempotency_key: str | None = None
    lines: list[LineIn]


class BeneficiaryOut(Schema):
    registration_number: str
    rank: int
    last_name: str
    first_name: str


class SubmittedLineOut(Schema):
    number: int
    kind: str
    code: str
    care_date: dt.date
    executor_inpe: str
    coefficient: str
    quantity: str
    charged: str | None


class ReasonOut(Schema):
    code: str
    message: str
    amount: str | None = None


class StatementLineOut(Schema):
    number: int
    label: str
    quotation: str
    care_category: str
    unit_value: str
    act_value: str
    charged: str
    base: str
    rate: str
    reimbursed: str
    copayment: str
    beyond_base: str
    ald_applied: bool
    rejection: ReasonOut | None
    deductions: list[ReasonOut]


class StatementOut(Schema):
    version: int
    outcome: str
    adjudicated_at: dt.datetime
    total_charged: str
    total_base: str
    total_reimbursed: str
    total_copayment: str
    total_beyond_base: str
    rejection: ReasonOut | None
    lines: list[StatementLineOut]
    pdf_url: str


class ClaimOut(Schema):
    reference: str
    status: str
    status_label: str
    channel: str
    deposit_date: dt.date
    first_care_date: dt.date
    last_care_date: dt.date
    idempotency_key: str | None
    beneficiary: BeneficiaryOut
    lines: list[SubmittedLineOut]
    statement: StatementOut | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _statement_json(claim: Claim) -> dict | None:
    statement = selectors.statement_get(claim=claim)
    if statement is None:
        return None
    lines = []
    for line in statement.lines.all():
        found = justifications(line)
        lines.append(
            {
                "number": line.number,
                "label": line.label,
                "quotation": line.quotation,
                "care_category": line.care_category,
                "unit_value": _amount(line.unit_value),
                "act_value": _amount(line.act_value),
                "charged": _amount(line.charged),
                "base": _amount(line.base),
                "rate": _number(line.rate),
                "reimbursed": _amount(line.reimbursed),
                "copayment": _amount(line.copayment),
                "beyond_base": _amount(line.beyond_base),
                "ald_applied": line.ald_applied,
                "rejection": next(
                    ({"code": j.code, "message": j.message} for j in found if j.rejection), None
                ),
                "deductions": [
                    {"code": j.code, "message": j.message, "amount": _amount(j.amount)}
                    for j in found
                    if not j.rejection
                ],
            }
        )
    return {
        "version": statement.version,
        "outcome": statement.outcome,
        "adjudicated_at": statement.adjudicated_at,
        "total_charged": _amount(statement.total_charged),
        "total_base": _amount(statement.total_base),
        "total_reimbursed": _amount(statement.total_reimbursed),
        "total_copayment": _amount(statement.total_copayment),
        "total_beyond_base": _amount(statement.total_beyond_base),
        "rejection": {"code": statement.rejection_code, "message": statement.rejection_message}
        if statement.rejection_code
        else None,
        "lines": lines,
        "pdf_url": f"/api/v1/claims/{claim.reference}/statement.pdf",
    }


def claim_json(claim: Claim) -> dict:
    b = claim.beneficiary
    return {
        "reference": claim.reference,
        "status": claim.status,
        "status_label": str(claim.get_status_display()),
        "channel": claim.channel,
        "deposit_date": claim.deposit_date,
        "first_care_date": claim.first_care_date,
        "last_care_date": claim.last_care_date,
        "idempotency_key": claim.idempotency_key,
        "beneficiary": {
            "registration_number": b.registration_number,
            "rank": b.rank,
            "last_name": b.last_name,
            "first_name": b.first_name,
        },
        "lines": [
            {
                "number": x.number,
                "kind": x.kind,
                "code": x.code,
                "care_date": x.care_date,
                "executor_inpe": x.executor_inpe,
                "coefficient": _number(x.coefficient),
                "quantity": _number(x.quantity),
                "charged": _amount(x.charged),
            }
            for x in claim.lines.all()
        ],
        "statement": _statement_json(claim),
    }


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _claim(reference: str) -> Claim:
    try:
        return selectors.claim_get(reference=reference)
    except Claim.DoesNotExist:
        raise Http404("Dossier introuvable") from None


@router.post(
    "/",
    response={200: ClaimOut, 201: ClaimOut, 400: ErrorOut, 403: ErrorOut},
    summary="Déposer un dossier maladie",
    description=(
        "Enregistre une feuille de soins. Avec une clé d'idempotence (en-tête `Idempotency-Key`"
        " ou champ `idempotency_key`), un nouvel envoi renvoie le dossier déjà créé, avec le"
        " statut 200 au lieu de 201."
    ),
)
def claim_create(request, payload: ClaimIn):
    _require(request, "claims.add_claim")
    key = (request.headers.get("Idempotency-Key") or payload.idempotency_key or "").strip()
    if len(key) > 100:
        raise ValidationError({"idempotency_key": "100 caractères au plus"})
    if key and (existing := Claim.objects.filter(idempotency_key=key).first()):
        return Status(200, claim_json(_claim(existing.reference)))
    errors = {}
    if payload.channel not in Channel.values:
        errors["channel"] = f"canal inconnu « {payload.channel} » ({', '.join(Channel.values)})"
    beneficiary = None
    if payload.registration_number or payload.cin:
        beneficiary = selectors.beneficiary_find(
            identifier=payload.registration_number or payload.cin, rank=payload.rank
        )
        if beneficiary is None:
            field = "registration_number" if payload.registration_number else "cin"
            errors[field] = "bénéficiaire inconnu"
    else:
        errors["registration_number"] = "indiquer le n° d'immatriculation (et le rang) ou le CIN"
    if errors:
        raise ValidationError(errors)
    started = timezone.now()
    claim = services.claim_submit(
        beneficiary=beneficiary,
        channel=payload.channel,
        deposit_date=payload.deposit_date,
        lines=[services.LineInput(**line.dict()) for line in payload.lines],
        continuous_treatment=payload.continuous_treatment,
        ald_code=payload.ald_code,
        idempotency_key=key or None,
        user=request.user,
    )
    status = 201 if claim.created_at >= started else 200  # lost a race to the same key
    return Status(status, claim_json(_claim(claim.reference)))


@router.get(
    "/{reference}",
    response={200: ClaimOut, 403: ErrorOut, 404: ErrorOut},
    summary="Un dossier, son statut et son décompte en vigueur",
)
def claim_read(request, reference: str):
    _require(request, "claims.view_claim")
    return claim_json(_claim(reference))


@router.get(
    "/{reference}/statement.pdf",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="Le décompte en vigueur du dossier, en PDF",
)
def claim_statement_pdf(request, reference: str):
    _require(request, "claims.view_claim")
    claim = _claim(reference)
    statement = selectors.statement_get(claim=claim)
    if statement is None:
        raise Http404("Ce dossier n'a pas encore de décompte")
    response = HttpResponse(statement_pdf(claim=claim, statement=statement), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response
