"""REST: the complementary statement of a claim (both insurers' amounts per line, the
guarantee applied and every ceiling that cut the line), as JSON and as a PDF. Scoped as the
claims are (`openamo.api.scopes.claims`): another owner's claim is a 404."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from openamo.api import scopes
from openamo.api.errors import ErrorOut
from openamo.audit.reads import claim_read as read_log
from openamo.core.tabular import limits_configured

from . import selectors
from .document import statement_filename, statement_pdf
from .flows import flow_file_import
from .models import Insurer

router = Router(tags=["Couverture complémentaire"])


class CutOut(Schema):
    code: str
    message: str
    amount: str


class LineOut(Schema):
    number: int
    care_date: date
    label: str
    care_category: str
    guarantee: str | None
    network: bool
    charged: str
    base_reimbursed: str
    computed: str
    complementary: str
    remainder: str
    cuts: list[CutOut]


class ComplementaryStatementOut(Schema):
    claim: str
    insurer: str
    contract: str
    base_statement_version: int
    computed_at: datetime
    total_charged: str
    total_base: str
    total_complementary: str
    total_remainder: str
    lines: list[LineOut]
    pdf_url: str


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def statement_json(statement) -> dict:
    return {
        "claim": statement.claim.reference,
        "insurer": statement.contract.insurer.name,
        "contract": statement.contract.reference,
        "base_statement_version": statement.base_statement.version,
        "computed_at": statement.computed_at,
        "total_charged": _amount(statement.total_charged),
        "total_base": _amount(statement.total_base),
        "total_complementary": _amount(statement.total_complementary),
        "total_remainder": _amount(statement.total_remainder),
        "lines": [
            {
                "number": line.number,
                "care_date": line.care_date,
                "label": line.base_line.label,
                "care_category": line.care_category,
                "guarantee": str(line.guarantee) if line.guarantee else None,
                "network": line.network,
                "charged": _amount(line.charged),
                "base_reimbursed": _amount(line.base_reimbursed),
                "computed": _amount(line.computed),
                "complementary": _amount(line.complementary),
                "remainder": _amount(line.remainder),
                "cuts": line.cuts,
            }
            for line in statement.lines.all()
        ],
        "pdf_url": f"/api/v1/complementary/statements/{statement.claim.reference}/statement.pdf",
    }


def _statement(request, reference: str):
    claim = scopes.claims(request.user).filter(reference=reference).first()
    if claim is None:
        raise Http404("Dossier introuvable")
    statement = selectors.statement_current(claim=claim)
    if statement is None:
        raise Http404("Ce dossier n'a pas de décompte complémentaire")
    return claim, statement


@router.get(
    "/statements/{reference}",
    response={200: ComplementaryStatementOut, 403: ErrorOut, 404: ErrorOut},
    summary="Le décompte complémentaire en vigueur d'un dossier",
    description="Par ligne : remboursé AMO, remboursé complémentaire, reste à charge, la "
    "garantie appliquée et chaque plafond ou limitation qui a réduit la part complémentaire.",
)
def statement_read(request, reference: str):
    claim, statement = _statement(request, reference)
    read_log(request, claim, "api_amc_statement", obj=statement)
    return statement_json(statement)


@router.get(
    "/statements/{reference}/statement.pdf",
    response={200: None, 403: ErrorOut, 404: ErrorOut},
    summary="Le décompte complémentaire en vigueur d'un dossier, en PDF",
)
def statement_pdf_read(request, reference: str):
    claim, statement = _statement(request, reference)
    read_log(request, claim, "api_amc_statement", obj=statement)
    response = HttpResponse(statement_pdf(statement=statement), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response


class FlowFileOut(Schema):
    id: int
    name: str
    status: str
    new: bool
    lines: int
    paid: str
    report: str


@router.post(
    "/flow-files",
    response={200: FlowFileOut, 201: FlowFileOut, 400: ErrorOut, 403: ErrorOut},
    summary="Dépose un fichier de flux de la caisse (lignes de décompte réglées)",
    description="Formulaire multipart : `insurer` (code de l'organisme) et `file` (CSV, "
    "format dans docs/complementary.md). Intégré en entier ou rejeté en entier avec son "
    "compte rendu ; le même contenu déposé de nouveau répond 200 et ne paie rien.",
)
def flow_file_upload(request, insurer: Form[str], file: File[UploadedFile]):
    if not request.user.has_perm("complementary.add_flowfile"):
        raise PermissionDenied("dépôt de flux réservé aux ordonnateurs")
    organisme = Insurer.objects.filter(code=insurer).first()
    if organisme is None:
        raise ValidationError({"insurer": f"organisme inconnu : {insurer}"})
    record, new = flow_file_import(
        insurer=organisme,
        name=file.name,
        content=file.read(limits_configured().bytes + 1),  # past the cap: refused unread
        user=request.user,
    )
    body = {
        "id": record.pk,
        "name": record.name,
        "status": record.status,
        "new": new,
        "lines": record.lines,
        "paid": _amount(record.paid),
        "report": record.report,
    }
    return Status(201 if new else 200, body)
