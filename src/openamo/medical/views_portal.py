"""ALD exemption requests from the portals: the treating physician (provider portal) names the
patient, the insured person chooses in the family; both see their requests, the decision and
what the medical control asks for, and answer it. Never the reviewer's notes or findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.authorizations.selectors import provider_of
from openamo.members.models import Beneficiary
from openamo.portal import selectors as portal
from openamo.referentials.models import AldCondition

from . import selectors, services
from .forms import AldRequestForm, CompleteForm
from .models import FiledBy, RequestStatus


def _provider(request):
    provider = provider_of(request.user)
    if provider is None:
        raise Http404("espace prestataire")
    return provider


def _conditions():
    return AldCondition.objects.in_force_on(timezone.localdate()).order_by("kind", "number")


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _file(request, *, provider=None, member=None):
    condition = _conditions().filter(code=request.GET.get("ald") or request.POST.get("ald")).first()
    required = (
        selectors.required_documents(condition_code=condition.code, day=timezone.localdate())
        if condition
        else []
    )
    family = Beneficiary.objects.filter(member=member).order_by("rank") if member else None
    form = AldRequestForm(
        request.POST or None, request.FILES or None, required=required, beneficiaries=family
    )
    if request.method == "POST" and condition and form.is_valid():
        data = form.cleaned_data
        beneficiary = data.get("beneficiary")
        if provider is not None:
            beneficiary = Beneficiary.objects.filter(
                registration_number=data["registration_number"].strip(), rank=data["rank"]
            ).first()
            if beneficiary is None:
                form.add_error("registration_number", _("bénéficiaire inconnu (n° et rang)"))
        if beneficiary is not None:
            try:
                created = services.ald_request_file(
                    beneficiary=beneficiary,
                    condition=condition,
                    icd10_code=data["icd10_code"],
                    certificate_date=data["certificate_date"],
                    clinical_summary=data["clinical_summary"],
                    uploads=form.uploads(),
                    author=request.user,
                    filed_by=FiledBy.PHYSICIAN if provider else FiledBy.INSURED,
                    provider=provider,
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Demande %(ref)s déposée : décision avant le %(due)s.")
                    % {"ref": created.reference, "due": created.due_on.strftime("%d/%m/%Y")},
                )
                name = "provider_detail" if provider else "insured_detail"
                return redirect(f"portal:medical:{name}", created.reference)
    context = {
        "form": form,
        "condition": condition,
        "conditions": _conditions(),
        "required": required,
        "for_provider": provider is not None,
    }
    return render(request, "medical/portal_file.html", context)


def _detail(request, found, *, for_provider: bool):
    required = selectors.required_documents(
        condition_code=found.condition.code, day=timezone.localdate()
    )
    form = CompleteForm(request.POST or None, request.FILES or None, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            services.ald_request_complete(
                request=found,
                uploads=form.uploads(),
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Complément envoyé au contrôle médical."))
            return redirect(request.path)
    context = {
        "ald_request": found,
        "documents": found.documents.select_related("document_type"),
        "form": form if found.status == RequestStatus.INFO_REQUESTED else None,
        "for_provider": for_provider,
        "exams": found.counter_exams.filter(status="scheduled"),
    }
    return render(request, "medical/portal_detail.html", context)


@login_required
def provider_list(request):
    provider = _provider(request)
    rows = selectors.provider_requests(provider)
    return render(request, "medical/portal_list.html", {"rows": rows[:200], "for_provider": True})


@login_required
def provider_file(request):
    return _file(request, provider=_provider(request))


@login_required
def provider_detail(request, reference):
    found = selectors.provider_requests(_provider(request)).filter(reference=reference).first()
    if found is None:
        raise Http404("Demande introuvable")
    return _detail(request, found, for_provider=True)


@login_required
def insured_list(request):
    member = portal.insured_member(request.user)
    rows = selectors.family_requests(member)
    return render(request, "medical/portal_list.html", {"rows": rows[:200], "for_provider": False})


@login_required
def insured_file(request):
    return _file(request, member=portal.insured_member(request.user))


@login_required
def insured_detail(request, reference):
    member = portal.insured_member(request.user)
    found = selectors.family_requests(member).filter(reference=reference).first()
    if found is None:
        raise Http404("Demande introuvable")
    return _detail(request, found, for_provider=False)
