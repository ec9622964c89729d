"""Staff pages: declarations (list, detail, upload, manual entry), calls, receipts, arrears.
Every list sorts, paginates and exports (`listings.py`).

Thin: parse the request, call a service or a selector, render.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from openamo.core.money import ZERO, money
from openamo.core.tabular import Row
from openamo.documents.services import documents_of
from openamo.members.models import Employer

from . import lines as L
from . import selectors, services
from .forms import (
    DeclarationHeaderForm,
    DeclarationLineFormSet,
    DeclarationUploadForm,
    ReceiptForm,
    parse_period,
)
from .listings import ARREARS, CALLS, DECLARATIONS, RECEIPTS
from .models import Declaration

ENTRY_ROWS = 10
LATEST_RECEIPTS = 10


def _employer_filter(request) -> tuple[Employer | None, date | None]:
    employer = Employer.objects.filter(pk=request.GET.get("employeur") or None).first()
    try:
        period = parse_period(request.GET["periode"]) if request.GET.get("periode") else None
    except ValueError:
        period = None
    return employer, period


@login_required
@permission_required("contributions.view_declaration", raise_exception=True)
def declaration_list(request):
    employer, period = _employer_filter(request)
    qs = selectors.declaration_list(employer_id=employer.pk if employer else None, period=period)
    context = {
        "employer": employer,
        "period": period,
        "employers": Employer.objects.order_by("name"),
    }
    return DECLARATIONS.respond(request, qs, "contributions/declaration_list.html", context)


@login_required
@permission_required("contributions.view_declaration", raise_exception=True)
def declaration_detail(request, pk: int):
    try:
        declaration = selectors.declaration_get(declaration_id=pk)
    except Declaration.DoesNotExist:
        raise Http404("Déclaration introuvable") from None
    return render(
        request,
        "contributions/declaration_detail.html",
        {"d": declaration, "originals": documents_of(declaration)},
    )


def _done(request, outcome):
    messages.success(request, outcome.summary())
    return redirect("portal:contributions:declaration", pk=outcome.declaration.pk)


@login_required
@permission_required("contributions.add_declaration", raise_exception=True)
def declaration_upload(request):
    outcome = None
    form = DeclarationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = services.declaration_import(
            employer=form.cleaned_data["employer"],
            period=form.cleaned_data["period"],
            name=upload.name,
            content=upload.read(),
            replace=form.cleaned_data["replace"],
            user=request.user,
        )
        if outcome.ok:
            return _done(request, outcome)
    return render(
        request, "contributions/declaration_upload.html", {"form": form, "outcome": outcome}
    )


@login_required
@permission_required("contributions.add_declaration", raise_exception=True)
def declaration_entry(request):
    outcome = None
    if request.method == "POST":
        header = DeclarationHeaderForm(request.POST)
        formset = DeclarationLineFormSet(request.POST, prefix="lignes")
        if header.is_valid() and formset.is_valid():
            rows = [Row(n, f.values()) for n, f in enumerate(formset.forms, 1) if not f.is_blank()]
            outcome = services.declaration_submit(
                employer=header.cleaned_data["employer"],
                period=header.cleaned_data["period"],
                rows=rows,
                replace=header.cleaned_data["replace"],
                user=request.user,
            )
            if outcome.ok:
                return _done(request, outcome)
    else:
        header = DeclarationHeaderForm(initial={"employer": request.GET.get("employeur")})
        try:
            count = min(max(int(request.GET.get("lignes", ENTRY_ROWS)), 1), 200)
        except ValueError:
            count = ENTRY_ROWS
        formset = DeclarationLineFormSet(prefix="lignes", initial=[{}] * count)
    context = {"header": header, "formset": formset, "outcome": outcome, "columns": L.COLUMNS}
    return render(request, "contributions/declaration_entry.html", context)


@login_required
@permission_required("contributions.view_receipt", raise_exception=True)
def calls_and_receipts(request):
    employer, _ = _employer_filter(request)
    employer_id = employer.pk if employer else None
    form = None
    if request.user.has_perm("contributions.add_receipt"):
        form = ReceiptForm(request.POST or None, initial={"employer": employer_id})
        if request.method == "POST" and form.is_valid():
            try:
                receipt = services.receipt_record(**form.cleaned_data, user=request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"Encaissement {receipt.reference} enregistré et imputé.")
                return redirect(f"{request.path}?employeur={receipt.employer_id}")
    context = {
        "employer": employer,
        "employers": Employer.objects.order_by("name"),
        "receipts": selectors.receipt_list(employer_id=employer_id).prefetch_related(
            "allocations__call"
        )[:LATEST_RECEIPTS],
        "form": form,
    }
    calls = selectors.call_list(employer_id=employer_id)
    return CALLS.respond(request, calls, "contributions/calls.html", context)


@login_required
@permission_required("contributions.view_receipt", raise_exception=True)
def receipts(request):
    employer, _ = _employer_filter(request)
    qs = selectors.receipt_list(employer_id=employer.pk if employer else None)
    context = {"employer": employer, "employers": Employer.objects.order_by("name")}
    return RECEIPTS.respond(
        request, qs.prefetch_related("allocations__call"), "contributions/receipts.html", context
    )


@login_required
@permission_required("contributions.view_contributioncall", raise_exception=True)
def arrears(request):
    try:
        on = date.fromisoformat(request.GET["au"]) if request.GET.get("au") else date.today()
    except ValueError:
        on = date.today()
    employer, _ = _employer_filter(request)
    rows = selectors.arrears_list(on=on, employer_id=employer.pk if employer else None)
    context = {
        "on": on,
        "employer": employer,
        "employers": Employer.objects.order_by("name"),
        "employer_count": len({r.call.employer_id for r in rows}),
        "total": money(sum((r.outstanding for r in rows), ZERO)),
    }
    return ARREARS.respond(request, rows, "contributions/arrears.html", context)
