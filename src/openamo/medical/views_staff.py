"""The medical control workspace: the queue of ALD requests per delegation and reviewer with
their deadlines, one request (documents, history, decision with templates, counter-
examination), the counter-examinations, the beneficiary's medical history and the statistics
per reviewer. Medical staff only: every read of medical data is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openamo.audit.services import access_record
from openamo.members.models import Beneficiary
from openamo.referentials.models import Delegation

from . import counter_exams, selectors, services
from .forms import DecisionForm, ExamDecisionForm, ExamOrderForm, FindingsForm
from .listings import QUEUE
from .models import AldRequestDocument, RequestStatus

VIEW, CHANGE = "medical.view_aldrequest", "medical.change_aldrequest"
VIEW_EXAM, ADD_EXAM, CHANGE_EXAM = (
    "medical.view_counterexamination",
    "medical.add_counterexamination",
    "medical.change_counterexamination",
)


def staff(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def _errors(request, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error)


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


@staff(VIEW)
def queue(request):
    g = request.GET
    today = timezone.localdate()
    delegation_id, mine, late = _int(g.get("delegation")), g.get("mes") == "1", g.get("retard")
    status = g.get("statut", "")
    rows = selectors.queue(
        delegation_id=delegation_id,
        reviewer=request.user if mine else None,
        status=status,
        late_on=today if late == "1" else None,
    )
    context = {
        "delegations": Delegation.objects.order_by("name"),
        "delegation_id": delegation_id,
        "mine": mine,
        "late": late == "1",
        "status": status,
        "statuses": [(s, label) for s, label in RequestStatus.choices if s in selectors.OPEN],
        "today": today,
        "exams": selectors.exams_open().order_by("scheduled_at")[:50],
    }
    return QUEUE.respond(request, rows, "medical/queue.html", context)


def _detail_context(request, found, **forms):
    return {
        "ald_request": found,
        "documents": found.documents.select_related("document_type"),
        "events": found.events.select_related("by"),
        "exams": found.counter_exams.all(),
        "history": selectors.medical_history(found.beneficiary),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "exam_form": forms.get("exam_form") or ExamOrderForm(),
        "today": timezone.localdate(),
        "can_change": request.user.has_perm(CHANGE),
        "can_order": request.user.has_perm(ADD_EXAM),
    }


@staff(VIEW)
def detail(request, reference):
    found = selectors.request_for_staff(request.user, reference)
    access_record(request=request, what="ald_request", beneficiary=found.beneficiary, obj=found)
    return render(request, "medical/detail.html", _detail_context(request, found))


@staff(VIEW)
def document(request, pk):
    doc = get_object_or_404(AldRequestDocument.objects.select_related("request"), pk=pk)
    access_record(
        request=request, what="ald_document", beneficiary_id=doc.request.beneficiary_id, obj=doc
    )
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type)
    response["Content-Disposition"] = f'inline; filename="{doc.document_type.code}"'
    return response


@require_POST
@staff(CHANGE)
def assign(request, reference):
    found = selectors.request_for_staff(request.user, reference)
    services.ald_request_assign(request=found, reviewer=request.user, by=request.user)
    messages.success(request, _("Demande attribuée à vous."))
    return redirect("portal:medical:detail", found.reference)


@require_POST
@staff(CHANGE)
def decide(request, reference):
    found = selectors.request_for_staff(request.user, reference)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "medical/detail.html", _detail_context(request, found, decision_form=form)
        )
    data, note = form.cleaned_data, form.motivation()
    try:
        if data["decision"] == "grant":
            services.ald_request_grant(request=found, reviewer=request.user, note=note)
        elif data["decision"] == "refuse":
            services.ald_request_refuse(
                request=found, reviewer=request.user, reason=data["refusal_reason"], note=note
            )
        else:
            services.ald_request_ask_info(request=found, reviewer=request.user, note=note)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Décision enregistrée."))
    return redirect("portal:medical:detail", found.reference)


def _exam_subject(request):
    """What the counter-examination is ordered on, from the posted form."""
    from openamo.authorizations.models import AuthorizationRequest
    from openamo.claims.models import ClaimLine

    if ref := request.POST.get("demande_ald"):
        return {"ald_request": selectors.request_for_staff(request.user, ref)}
    if pk := _int(request.POST.get("ligne")):
        return {"claim_line": get_object_or_404(ClaimLine.objects.select_related("claim"), pk=pk)}
    if pk := _int(request.POST.get("prise_en_charge")):
        return {"authorization": get_object_or_404(AuthorizationRequest, pk=pk)}
    return {}


@require_POST
@staff(ADD_EXAM)
def exam_order(request):
    subject = _exam_subject(request)
    form = ExamOrderForm(request.POST)
    if not subject:
        messages.error(request, _("Indiquer la ligne, la prise en charge ou la demande examinée."))
    elif form.is_valid():
        try:
            exam = counter_exams.counter_exam_order(
                reviewer=request.user, **form.cleaned_data, **subject
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Contre-visite %(ref)s programmée.") % {"ref": exam.reference}
            )
            return redirect("portal:medical:exam", exam.reference)
    else:
        for field, errors in form.errors.items():
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else ''} : {' '.join(errors)}",
            )
    if "ald_request" in subject:
        return redirect("portal:medical:detail", subject["ald_request"].reference)
    return redirect("portal:medical:queue")


@staff(VIEW_EXAM)
def exam(request, reference):
    found = selectors.exam_for_staff(request.user, reference)
    access_record(request=request, what="counter_exam", beneficiary=found.beneficiary, obj=found)
    context = {
        "exam": found,
        "findings_form": FindingsForm(),
        "decision_form": ExamDecisionForm(),
        "can_change": request.user.has_perm(CHANGE_EXAM),
        "now": timezone.now(),
    }
    return render(request, "medical/exam.html", context)


@require_POST
@staff(CHANGE_EXAM)
def exam_record(request, reference):
    found = selectors.exam_for_staff(request.user, reference)
    action = request.POST.get("action")
    try:
        if action == "absent":
            counter_exams.counter_exam_no_show(exam=found, reviewer=request.user)
        elif action == "present":
            form = FindingsForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"findings": _("saisir les constatations")})
            counter_exams.counter_exam_attended(
                exam=found, reviewer=request.user, findings=form.cleaned_data["findings"]
            )
        else:
            form = ExamDecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"outcome": _("avis et motif obligatoires")})
            counter_exams.counter_exam_decide(
                exam=found,
                reviewer=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                reduced_base=form.cleaned_data["reduced_base"],
            )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Contre-visite mise à jour."))
    return redirect("portal:medical:exam", found.reference)


@staff(VIEW)
def history(request, pk):
    beneficiary = get_object_or_404(Beneficiary.objects.select_related("member"), pk=pk)
    access_record(request=request, what="medical_history", beneficiary=beneficiary)
    context = {"beneficiary": beneficiary, "history": selectors.medical_history(beneficiary)}
    return render(request, "medical/history.html", context)


@staff(VIEW)
def statistics(request):
    context = {
        "reviewers": selectors.reviewer_statistics(),
        "exams": selectors.exam_statistics(),
    }
    return render(request, "medical/statistics.html", context)
