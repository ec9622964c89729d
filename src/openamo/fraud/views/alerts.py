"""The alert queue, ranked by score × amount at stake, and its bulk triage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import AlertFilterForm, BulkForm
from ..models import Alert, Case
from .common import CHANGE_ALERT, VIEW_ALERT, controller, errors_to_messages

PER_PAGE = 50


@controller(VIEW_ALERT)
def queue(request):
    choices = selectors.alert_choices()
    data = request.GET.copy()
    data.setdefault("statut", "new")
    form = AlertFilterForm(data, detectors=choices["detectors"], reasons=choices["reasons"])
    form.is_valid()
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.alert_queue(
        status=f.get("statut", "new"),
        detector=f.get("detecteur", ""),
        reason=f.get("motif", ""),
        region=f.get("region", ""),
        delegation=f.get("delegation", ""),
        provider_kind=f.get("type", ""),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "fraud/alerts.html",
        {"form": form, "page": page, "bulk": BulkForm(), "query": request.GET.urlencode()},
    )


@require_POST
@controller(CHANGE_ALERT)
def triage(request):
    form = BulkForm(request.POST)
    back = redirect(f"{reverse('portal:fraud:alerts')}?{request.POST.get('query', '')}")
    ids = [int(i) for i in request.POST.getlist("alert") if i.isdigit()]
    alerts = list(Alert.objects.filter(pk__in=ids).order_by("-score", "pk"))
    if not form.is_valid() or not alerts:
        messages.error(request, "Sélectionner au moins une alerte et une action.")
        return back
    data = form.cleaned_data
    try:
        if data["action"] == "dismiss":
            n = services.alerts_dismiss(alerts=alerts, reason=data["reason"], by=request.user)
            messages.success(request, f"{n} alerte(s) classée(s) sans suite.")
        elif data["action"] == "open":
            if not request.user.has_perm("fraud.add_case"):
                raise ValidationError({"case": "vous ne pouvez pas ouvrir de dossier"})
            title = data["title"] or alerts[0].explanation[:200]
            case = services.case_open(title=title, alerts=alerts, by=request.user)
            messages.success(request, f"Dossier {case.reference} ouvert.")
            return redirect("portal:fraud:case", case.reference)
        else:
            case = Case.objects.filter(reference=data["case"].strip()).first()
            if case is None:
                raise ValidationError({"case": "dossier introuvable : vérifier la référence"})
            n = services.alerts_attach(case=case, alerts=alerts, by=request.user)
            messages.success(request, f"{n} alerte(s) rattachée(s) au dossier {case.reference}.")
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return back
