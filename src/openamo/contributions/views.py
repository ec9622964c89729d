"""Staff pages: declarations (list, detail, upload, manual entry), calls and receipts, arrears.

Thin: parse the request, call a service or a selector, render.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from openamo.core.tabular import Row
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
from .models import Declaration

PER_PAGE = 50
ENTRY_ROWS = 10


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
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "employer": employer,
        "period": period,
        "employers": Employer.objects.order_by("name"),
    }
    return render(request, "contributions/declaration_list.html", context)


@login_required
@permission_required("contributions.view_declaration", raise_exception=True)
def declaration_detail(request, pk: int):
    try:
        declaration = selectors.declaration_get(declaration_id=pk)
    except Declaration.DoesNotExist:
        raise Http404("Déclaration introuvable") from None
    return render(request, "contributions/declaration_detail.html", {"d": declaration})


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
        "calls": Paginator(selectors.call_list(employer_id=employer_id), PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "receipts": selectors.receipt_list(employer_id=employer_id).prefetch_related(
            "allocations__call"
        )[:PER_PAGE],
        "form": form,
    }
    return render(request, "contributions/calls.html", context)


@login_required
@permission_required("contributions.view_contributioncall", raise_exception=True)
def arrears(request):
    try:
        on = date.fromisoformat(request.GET["au"]) if request.GET.get("au") else date.today()
    except ValueError:
        on = date.today()
    groups = selectors.arrears_by_employer(on=on)
    total = sum((g.outstanding for g in groups), 0)
    return render(
        request, "contributions/arrears.html", {"on": on, "groups": groups, "total": total}
    )
