"""REST: submit a monthly declaration (JSON), read an employer's calls. Thin: parse, call the
service or the selector, render. Every bad line is named in the 400 answer; nothing is stored.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status

from openamo.core.tabular import Row
from openamo.members.models import Employer

from . import lines as L
from .forms import parse_period
from .models import DeclarationSource
from .selectors import call_list
from .services import declaration_submit

router = Router(tags=["Cotisations"])


class LineIn(Schema):
    registration_number: str = ""
    cin: str = ""
    gross_salary: str
    days: int | str
    status: str = ""


class DeclarationIn(Schema):
    employer_id: int
    period: str  # AAAA-MM
    replace: bool = False
    lines: list[LineIn]


class DeclarationOut(Schema):
    id: int
    employer_id: int
    period: dt.date
    line_count: int
    payroll_total: Decimal
    contribution_total: Decimal
    due_on: dt.date
    summary: str


class LineErrorOut(Schema):
    line: int
    column: str
    message: str


class RefusedOut(Schema):
    detail: str
    errors: list[LineErrorOut]


class CallOut(Schema):
    period: dt.date
    amount_due: Decimal
    paid: Decimal
    outstanding: Decimal
    due_on: dt.date


def _need(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _employer(employer_id: int) -> Employer:
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise ValidationError({"employer_id": f"employeur inconnu : {employer_id}"})
    return employer


@router.post(
    "/declarations",
    response={201: DeclarationOut, 400: RefusedOut},
    summary="Déposer la déclaration de salaires d'un employeur pour un mois",
    description="Lignes numérotées à partir de 1 dans l'ordre envoyé. Tout ou rien : une seule "
    "ligne erronée et rien n'est enregistré ; chaque erreur nomme sa ligne et son champ.",
)
def declaration_post(request, payload: DeclarationIn):
    _need(request, "contributions.add_declaration")
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
    outcome = declaration_submit(
        employer=_employer(payload.employer_id),
        period=period,
        rows=rows,
        source=DeclarationSource.API,
        replace=payload.replace,
        user=request.user,
    )
    if not outcome.ok:
        return Status(
            400,
            {
                "detail": outcome.summary(),
                "errors": [
                    {
                        "line": e.line,
                        "column": API_FIELDS.get(e.column, e.column),
                        "message": e.message,
                    }
                    for e in outcome.errors
                ],
            },
        )
    d = outcome.declaration
    return Status(
        201,
        {
            "id": d.pk,
            "employer_id": d.employer_id,
            "period": d.period,
            "line_count": d.line_count,
            "payroll_total": d.payroll_total,
            "contribution_total": d.contribution_total,
            "due_on": d.call.due_on,
            "summary": outcome.summary(),
        },
    )


API_FIELDS = {
    "immatriculation": "registration_number",
    "cin": "cin",
    L.SALARY: "gross_salary",
    L.DAYS: "days",
    L.STATUS: "status",
}


@router.get(
    "/employers/{employer_id}/calls",
    response=list[CallOut],
    summary="Appels de cotisations d'un employeur, avec le payé et le reste dû",
)
def employer_calls(request, employer_id: int):
    _need(request, "contributions.view_contributioncall")
    employer = _employer(employer_id)
    return [
        {
            "period": c.period,
            "amount_due": c.amount_due,
            "paid": c.paid,
            "outstanding": c.outstanding,
            "due_on": c.due_on,
        }
        for c in call_list(employer_id=employer.pk)
    ]
