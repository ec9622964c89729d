"""REST: submit a monthly declaration (JSON, idempotent), list and read declarations, read an
employer's calls. Thin: parse, call the service or the selector, render. Scoped by
`openamo.api.scopes`. Every bad line is named in the 400 answer (`lines.2.days`); nothing is
stored."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Router, Schema, Status

from openamo.api import idempotency, scopes
from openamo.api.errors import ErrorOut
from openamo.api.pagination import LIMIT, OFFSET, page_schema, paginate
from openamo.api.types import DecimalOut, InputSchema, RowId, one_of
from openamo.core.tabular import Row

from . import lines as L
from .forms import parse_period
from .models import Declaration, DeclarationSource
from .selectors import call_list
from .services import DeclarationOutcome, declaration_submit

router = Router(tags=["Cotisations"])
KIND = "declaration"


class DeclarationLineIn(InputSchema):
    registration_number: str = ""
    cin: str = ""
    gross_salary: str
    days: int | str
    status: str = ""


class DeclarationIn(InputSchema):
    idempotency_key: str | None = None
    employer_id: RowId | None = None
    period: str  # AAAA-MM
    replace: bool = False
    lines: list[DeclarationLineIn]


class DeclarationOut(Schema):
    id: int
    employer_id: int
    period: dt.date
    source: one_of(DeclarationSource)
    line_count: int
    payroll_total: DecimalOut
    contribution_total: DecimalOut
    due_on: dt.date
    idempotency_key: str | None
    summary: str


RefusedOut = ErrorOut


class CallOut(Schema):
    period: dt.date
    amount_due: DecimalOut
    paid: DecimalOut
    outstanding: DecimalOut
    due_on: dt.date


DeclarationPage = page_schema(DeclarationOut, "DeclarationPage")
CallPage = page_schema(CallOut, "CallPage")


def declaration_json(d) -> dict:
    return {
        "id": d.pk,
        "employer_id": d.employer_id,
        "period": d.period,
        "source": d.source,
        "line_count": d.line_count,
        "payroll_total": d.payroll_total,
        "contribution_total": d.contribution_total,
        "due_on": d.call.due_on,
        "idempotency_key": d.idempotency_key,
        "summary": DeclarationOutcome(declaration=d).summary(),
    }


def _line_field(e) -> str:
    """A line error as the house's field name: `lines.2.gross_salary`, or `__all__`."""
    column = API_FIELDS.get(e.column, e.column)
    if e.line:
        return f"lines.{e.line}" + (f".{column}" if column else "")
    return column or "__all__"


def _fingerprint(payload: DeclarationIn) -> str:
    return idempotency.fingerprint(payload.dict(exclude={"idempotency_key"}))


@router.post(
    "/declarations",
    response={200: DeclarationOut, 201: DeclarationOut, 400: RefusedOut, 409: RefusedOut},
    summary="Déposer la déclaration de salaires d'un employeur pour un mois",
    description="Un employeur déclare pour lui-même (`employer_id` facultatif ; un autre : "
    "404) ; le personnel avec la permission d'ajouter des déclarations, pour l'employeur "
    "nommé. Lignes numérotées à partir de 1 dans l'ordre envoyé. Tout ou rien : une seule "
    "ligne erronée et rien n'est enregistré ; chaque erreur nomme sa ligne et son champ "
    "(`lines.2.gross_salary`). Avec la même clé d'idempotence (en-tête `Idempotency-Key` ou "
    "champ `idempotency_key`), la même déclaration renvoie celle déjà enregistrée (200) ; une "
    "autre : 409.",
)
def declaration_post(request, payload: DeclarationIn):
    user = request.user
    employer = scopes.declaring_employer(user, payload.employer_id)
    key = idempotency.key_of(request, payload.idempotency_key)
    fingerprint = _fingerprint(payload)
    if key and (
        done := idempotency.replay(
            kind=KIND,
            key=key,
            user=user,
            fingerprint=fingerprint,
            taken=lambda: Declaration.objects.filter(idempotency_key=key).exists(),
        )
    ):
        done = Declaration.objects.select_related("call").filter(pk=int(done)).first()
        if done is None:  # replaced since by another declaration of the same month
            raise idempotency.IdempotencyConflict(
                "la déclaration faite avec cette clé a été remplacée"
            )
        return Status(200, declaration_json(done))
    try:
        period = parse_period(payload.period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    rows = [
        Row(
            n,
            {
                "immatriculation": line.registration_number,
                "cin": line.cin,
                L.SALARY: line.gross_salary,
                L.DAYS: str(line.days),
                L.STATUS: line.status,
            },
        )
        for n, line in enumerate(payload.lines, 1)
    ]
    with transaction.atomic():
        outcome = declaration_submit(
            employer=employer,
            period=period,
            rows=rows,
            source=DeclarationSource.API,
            replace=payload.replace,
            idempotency_key=key,
            user=user,
        )
        created = not (outcome.ok and key) or idempotency.remember(
            kind=KIND,
            key=key,
            user=user,
            fingerprint=fingerprint,
            reference=str(outcome.declaration.pk),
        )
    if not outcome.ok:
        errors: dict[str, list[str]] = {}
        for e in outcome.errors:
            errors.setdefault(_line_field(e), []).append(e.message)
        return Status(400, {"detail": outcome.summary(), "errors": errors})
    return Status(201 if created else 200, declaration_json(outcome.declaration))


API_FIELDS = {
    "immatriculation": "registration_number",
    "cin": "cin",
    L.SALARY: "gross_salary",
    L.DAYS: "days",
    L.STATUS: "status",
}


def _declaration(user, pk: int):
    found = scopes.declarations(user).select_related("call").filter(pk=pk).first()
    if found is None:
        raise Http404("déclaration introuvable")
    return found


@router.get(
    "/declarations",
    response=DeclarationPage,
    summary="Les déclarations visibles par l'utilisateur, la période la plus récente d'abord",
    description="Un employeur : les siennes ; un intermédiaire : celles de son portefeuille ; "
    "le personnel : toutes (permission de lecture). Filtres : `employer_id`, `period` (AAAA-MM).",
)
def declaration_list(
    request,
    employer_id: RowId | None = None,
    period: str = "",
    limit: int = LIMIT,
    offset: int = OFFSET,
):
    rows = scopes.declarations(request.user).select_related("call")
    if employer_id:
        rows = rows.filter(employer_id=employer_id)
    if period:
        try:
            rows = rows.filter(period=parse_period(period))
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from None
    return paginate(rows, limit=limit, offset=offset, render=declaration_json)


@router.get(
    "/declarations/{declaration_id}",
    response={200: DeclarationOut, 404: RefusedOut},
    summary="Une déclaration (dans le périmètre de l'utilisateur)",
)
def declaration_read(request, declaration_id: RowId):
    return declaration_json(_declaration(request.user, declaration_id))


@router.get(
    "/employers/{employer_id}/calls",
    response=CallPage,
    summary="Appels de cotisations d'un employeur, avec le payé et le reste dû",
    description="Un employeur : les siens (un autre : 404) ; un intermédiaire : ceux de son "
    "portefeuille ; le personnel avec la permission de lecture des appels.",
)
def employer_calls(request, employer_id: RowId, limit: int = LIMIT, offset: int = OFFSET):
    employer = scopes.calls_employer(request.user, employer_id)
    return paginate(
        call_list(employer_id=employer.pk),
        limit=limit,
        offset=offset,
        render=lambda c: {
            "period": c.period,
            "amount_due": c.amount_due,
            "paid": c.paid,
            "outstanding": c.outstanding,
            "due_on": c.due_on,
        },
    )
