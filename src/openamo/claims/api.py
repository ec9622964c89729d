"""REST: claim files. Submit one (idempotent), read it with its statement in force, download
the statement as a PDF. Thin: parse, call a service or a selector, render.

Every read is scoped by `openamo.api.scopes` (another owner's claim is a 404). Errors have
one shape, `{detail, errors: {field: [messages]}}`: 422 when the body does not fit the schema,
400 when it fits but breaks a rule, with fields such as `lines.1.executor_inpe` (lines are
numbered from 1); 409 when an idempotency key is reused for another request.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from ninja import Router
from ninja.responses import Status

from openamo.api import idempotency, scopes
from openamo.api.pagination import LIMIT, OFFSET, paginate
from openamo.audit.reads import claim_read as read_log

from . import selectors, services
from .api_schemas import (
    ClaimIn,
    ClaimOut,
    ClaimPage,
    ErrorOut,
)
from .models import Channel, Claim
from .statement_pdf import justifications, statement_filename, statement_pdf

router = Router(tags=["Dossiers maladie"])


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


def _beneficiary_json(b) -> dict:
    return {
        "registration_number": b.registration_number,
        "rank": b.rank,
        "last_name": b.last_name,
        "first_name": b.first_name,
    }


def summary_json(claim: Claim) -> dict:
    return {
        "reference": claim.reference,
        "status": claim.status,
        "status_label": str(claim.get_status_display()),
        "deposit_date": claim.deposit_date,
        "first_care_date": claim.first_care_date,
        "last_care_date": claim.last_care_date,
        "beneficiary": _beneficiary_json(claim.beneficiary),
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
        "beneficiary": _beneficiary_json(b),
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


def _claim(user, reference: str) -> Claim:
    """The claim if the user may see it (see `openamo.api.scopes`), else 404."""
    if not scopes.claim_visible(user, reference):
        raise Http404("Dossier introuvable")
    return selectors.claim_get(reference=reference)


def _fingerprint(payload: ClaimIn) -> str:
    return idempotency.fingerprint(payload.dict(exclude={"idempotency_key"}))


@router.post(
    "/",
    response={200: ClaimOut, 201: ClaimOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Déposer un dossier maladie",
    description=(
        "Enregistre une feuille de soins : un prestataire, pour les seuls soins que son"
        " établissement a exécutés (une ligne d'un autre exécutant : 400 sur"
        " `lines.N.executor_inpe`), le tiers payant (`authorization_ref`) seulement sous une"
        " prise en charge accordée à ce bénéficiaire (sinon 400 sur"
        " `lines.N.authorization_ref`) ; le personnel avec la permission d'ajouter des"
        " dossiers. Avec une clé d'idempotence (en-tête `Idempotency-Key`, ou champ"
        " `idempotency_key`), un nouvel envoi identique renvoie le dossier déjà créé (200 au"
        " lieu de 201) ; la même clé avec une autre demande : 409. Avec `adjudicate` à"
        " vrai, le dossier est liquidé dans la même transaction et la réponse porte son"
        " décompte (`statement`)."
    ),
)
def claim_create(request, payload: ClaimIn):
    user = request.user
    scopes.claim_submit_allowed(user, lines=payload.lines)
    key = idempotency.key_of(request, payload.idempotency_key)
    fingerprint = _fingerprint(payload)
    if key and (
        done := idempotency.replay(
            kind="claim",
            key=key,
            user=user,
            fingerprint=fingerprint,
            taken=lambda: Claim.objects.filter(idempotency_key=key).exists(),
        )
    ):
        return Status(200, claim_json(selectors.claim_get(reference=done)))  # the sender's own
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
    scopes.claim_agreements_check(user, beneficiary=beneficiary, lines=payload.lines)
    with transaction.atomic():
        claim = services.claim_submit(
            beneficiary=beneficiary,
            channel=payload.channel,
            deposit_date=payload.deposit_date,
            lines=[services.LineInput(**line.dict()) for line in payload.lines],
            continuous_treatment=payload.continuous_treatment,
            ald_code=payload.ald_code,
            idempotency_key=key,
            user=user,
        )
        created = not key or idempotency.remember(
            kind="claim", key=key, user=user, fingerprint=fingerprint, reference=claim.reference
        )
        if created and payload.adjudicate:
            services.claim_adjudicate(claim=claim, reason="liquidation immédiate (API)")
    return Status(
        201 if created else 200, claim_json(selectors.claim_get(reference=claim.reference))
    )


@router.get(
    "/",
    response=ClaimPage,
    summary="Les dossiers visibles par l'utilisateur, les plus récents d'abord",
    description="Un prestataire : les dossiers dont son établissement a exécuté une ligne ; un "
    "assuré : ceux de sa famille ; une mutuelle : ceux de ses adhérents ; le personnel : tous "
    "(permission de lecture). Filtres : `status`, `registration_number`.",
)
def claim_list(
    request,
    status: str = "",
    registration_number: str = "",
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    rows = scopes.claims(request.user).select_related("beneficiary")
    if status:
        rows = rows.filter(status=status)
    if registration_number:
        rows = rows.filter(beneficiary__registration_number=registration_number.strip())
    return paginate(
        rows.order_by("-deposit_date", "-id"), limit=limit, offset=offset, render=summary_json
    )


@router.get(
    "/{reference}",
    response={200: ClaimOut, 403: ErrorOut, 404: ErrorOut},
    summary="Un dossier, son statut et son décompte en vigueur",
)
def claim_read(request, reference: str):
    claim = _claim(request.user, reference)
    read_log(request, claim, "api_claim")
    return claim_json(claim)


@router.get(
    "/{reference}/statement.pdf",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="Le décompte en vigueur du dossier, en PDF",
)
def claim_statement_pdf(request, reference: str):
    claim = _claim(request.user, reference)
    statement = selectors.statement_get(claim=claim)
    if statement is None:
        raise Http404("Ce dossier n'a pas encore de décompte")
    read_log(request, claim, "api_statement_pdf", obj=statement)
    response = HttpResponse(statement_pdf(claim=claim, statement=statement), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response
