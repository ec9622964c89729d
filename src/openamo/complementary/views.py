"""Pages of the complementary statement: staff (a claim's complementary statement, as a page
and a PDF) and the insured (both shares on each claim, ceilings left this year, statements).
Thin: scope, read, render."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from openamo.audit.reads import claim_read
from openamo.claims import selectors as claim_selectors
from openamo.claims.models import Claim
from openamo.portal import selectors as portal

from . import selectors
from .document import statement_context, statement_filename, statement_pdf

VIEW = "complementary.view_complementarystatement"
LATEST = 100


def _pdf(statement) -> HttpResponse:
    response = HttpResponse(statement_pdf(statement=statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response


def _staff_statement(request, reference: str):
    try:
        claim = claim_selectors.claim_get(reference=reference)
    except Claim.DoesNotExist:
        raise Http404("Dossier introuvable") from None
    statement = selectors.statement_current(claim=claim)
    if statement is None:
        raise Http404("aucun décompte complémentaire pour ce dossier")
    what = "amc_statement_pdf" if request.path.endswith(".pdf") else "amc_statement"
    claim_read(request, claim, what, obj=statement)
    return statement


@login_required
@permission_required(VIEW, raise_exception=True)
def statement(request, reference: str):
    current = _staff_statement(request, reference)
    context = statement_context(statement=current)
    context["pdf_url"] = reverse("portal:complementary:statement_pdf", args=[reference])
    return render(request, "complementary/statement.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def statement_download(request, reference: str):
    return _pdf(_staff_statement(request, reference))


def _insured_statement(request, reference: str):
    claim = portal.family_claim(request.user, reference)
    statement = selectors.statement_current(claim=claim)
    if statement is None:
        raise Http404("aucun décompte complémentaire pour ce dossier")
    what = "amc_statement_pdf" if request.path.endswith(".pdf") else "amc_statement"
    claim_read(request, claim, what, obj=statement)
    return statement


@login_required
def insured_claims(request):
    claims = list(portal.family_claims(request.user).exclude(reimbursed=None)[:LATEST])
    found = selectors.statements_for_claims(c.pk for c in claims)
    today = timezone.localdate()
    context = {
        "rows": [(c, found.get(c.pk)) for c in claims],
        "ceilings": selectors.ceilings_left(
            beneficiaries=portal.family_beneficiaries(request.user), day=today
        ),
        "today": today,
    }
    return render(request, "complementary/insured_claims.html", context)


@login_required
def insured_statement(request, reference: str):
    current = _insured_statement(request, reference)
    context = statement_context(statement=current)
    context["pdf_url"] = reverse("portal:complementary:insured_statement_pdf", args=[reference])
    context["insured_view"] = True
    return render(request, "complementary/statement.html", context)


@login_required
def insured_statement_download(request, reference: str):
    return _pdf(_insured_statement(request, reference))
