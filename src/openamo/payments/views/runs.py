"""Staff pages: runs, preparing one, its orders, its bank file, the bank's answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openamo.core.money import format_dh

from .. import selectors, services
from ..forms import DateForm, OrderFilterForm, PrepareForm, ReturnForm, RunFilterForm, SettleForm
from ..listings import ORDERS, RUNS
from ..models import OrderStatus, RunStatus
from .common import ADD_RUN, CHANGE_ORDER, VIEW_RUN, errors_to_form, errors_to_messages, staff


@staff(VIEW_RUN)
def runs(request):
    form = RunFilterForm(request.GET or None)
    return RUNS.respond(
        request,
        selectors.run_list(**form.values()),
        "payments/runs.html",
        {"form": form, "can_add": request.user.has_perm(ADD_RUN)},
    )


@staff(ADD_RUN)
def prepare(request):
    form = PrepareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.payment_run_prepare(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Lot {run.reference} préparé : {run.order_count} ordre(s), "
                f"{format_dh(run.total)}.",
            )
            return redirect("portal:payments:run", run.reference)
    return render(request, "payments/prepare.html", {"form": form})


@staff(VIEW_RUN)
def run_detail(request, reference):
    run = selectors.run_get(reference)
    form = OrderFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    orders = selectors.order_list(run=run, status=data.get("statut", ""), q=data.get("q", ""))
    can_change = request.user.has_perm(CHANGE_ORDER)
    context = {
        "run": run,
        "form": form,
        "skipped": run.skipped.select_related("claim", "invoice")[:200],
        "can_issue": can_change and run.status == RunStatus.PREPARED,
        "can_settle": can_change and run.status == RunStatus.ISSUED,
        "settle_all": DateForm(),
        "returns": ReturnForm(),
        "sent": run.orders.filter(status=OrderStatus.SENT).count(),
        # what the bank sent back, apart from the pieces left out when the run was prepared
        "bank_rejected": run.orders.filter(status=OrderStatus.REJECTED).aggregate(
            count=Count("pk"), total=Sum("amount")
        ),
    }
    return ORDERS.respond(request, orders, "payments/run_detail.html", context)


@staff(VIEW_RUN)
def run_file(request, reference):
    run = selectors.run_get(reference)
    if not run.bank_file:
        raise Http404("le fichier de virements n'est pas encore produit")
    response = HttpResponse(run.bank_file.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="virements-{run.reference}.csv"'
    return response


@require_POST
@staff(CHANGE_ORDER)
def run_issue(request, reference):
    run = selectors.run_get(reference)
    try:
        services.payment_run_issue(run=run, by=request.user)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, "Fichier de virements produit : les ordres sont envoyés à la banque."
        )
    return redirect("portal:payments:run", run.reference)


@require_POST
@staff(CHANGE_ORDER)
def run_settle_all(request, reference):
    run = selectors.run_get(reference)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Date de valeur invalide.")
        return redirect("portal:payments:run", run.reference)
    try:
        count = services.payment_run_settle_all(
            run=run, on=form.cleaned_data["on"], by=request.user
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, f"{count} ordre(s) marqué(s) payé(s) ; lot clôturé.")
    return redirect("portal:payments:run", run.reference)


@require_POST
@staff(CHANGE_ORDER)
def run_returns(request, reference):
    run = selectors.run_get(reference)
    form = ReturnForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label} : {error}" if label else error)
        return redirect("portal:payments:run", run.reference)
    upload = form.cleaned_data["file"]
    try:
        paid, rejected = services.payment_returns_import(
            run=run,
            name=upload.name,
            content=upload.read(),
            on=form.cleaned_data["on"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, "Fichier retour refusé, rien n'a été enregistré :")
        errors_to_messages(request, exc)
    else:
        messages.success(request, f"Fichier retour intégré : {paid} payé(s), {rejected} rejeté(s).")
    return redirect("portal:payments:run", run.reference)


@staff(VIEW_RUN)
def order_detail(request, reference):
    order = selectors.order_get(reference)
    can_settle = request.user.has_perm(CHANGE_ORDER) and order.status == OrderStatus.SENT
    form = SettleForm(request.POST or None) if can_settle else None
    if request.method == "POST":
        if form is None:
            return redirect("portal:payments:order", order.reference)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.payment_order_settle(
                    order=order,
                    paid=data["outcome"] == "paid",
                    reason=data["reason"],
                    on=data["on"],
                    by=request.user,
                    bank_reference=data["bank_reference"],
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, f"Ordre {order.reference} dénoué.")
                return redirect("portal:payments:order", order.reference)
    return render(request, "payments/order_detail.html", {"order": order, "form": form})
