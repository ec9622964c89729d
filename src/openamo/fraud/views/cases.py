"""Investigation cases: list, file (notes, documents, status flow, decisions, suspensions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from openamo.documents.services import documents_of
from openamo.payments.models import Receivable

from .. import selectors, services
from ..forms import DecisionForm, DocumentForm, MoveForm, NoteForm, RecoveryForm, SuspendForm
from ..models import Case, CaseDocument, CaseSuspension
from .common import CHANGE_CASE, VIEW_CASE, controller, errors_to_messages

CASE_STATUS_FILTERS = [("open", "En cours"), ("closed", "Clos"), ("", "Tous")]


def _case(reference: str) -> Case:
    try:
        return selectors.case_get(reference=reference)
    except Case.DoesNotExist:
        raise Http404("Dossier introuvable") from None


@controller(VIEW_CASE)
def cases(request):
    status = request.GET.get("statut", "open")
    mine = request.GET.get("mes") == "1"
    rows = selectors.case_list(status=status, mine_of=request.user if mine else None)
    return render(
        request,
        "fraud/cases.html",
        {"rows": rows[:200], "status": status, "mine": mine, "filters": CASE_STATUS_FILTERS},
    )


@controller(VIEW_CASE)
def case(request, reference):
    found = _case(reference)
    suspensions = list(found.suspensions.select_related("hold", "lift_decision"))
    return render(
        request,
        "fraud/case.html",
        {
            "case": found,
            "alerts": list(found.alerts.select_related("provider", "beneficiary")),
            "events": list(found.events.select_related("by")),
            "notes": list(found.notes.select_related("by")),
            "documents": list(found.documents.select_related("by")),
            "suspensions": suspensions,
            "move": MoveForm(),
            "note_form": NoteForm(),
            "document_form": DocumentForm(),
            "decision_form": DecisionForm(),
            "suspend_form": SuspendForm(),
            "recovery_form": RecoveryForm(),
            "receivables": list(
                Receivable.objects.filter(source_reference=found.reference).prefetch_related(
                    "offsets__order"
                )
            ),
            "can_change": request.user.has_perm(CHANGE_CASE),
            "closed": found.status.startswith("closed"),
        },
    )


def _act(request, reference, run):
    found = _case(reference)
    try:
        message = run(found)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        if message:
            messages.success(request, message)
    return redirect("portal:fraud:case", found.reference)


def _form_error(form) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


@require_POST
@controller(CHANGE_CASE)
def case_move(request, reference):
    def run(found):
        form = MoveForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        moved = services.case_move(
            case=found, to=form.cleaned_data["to"], note=form.cleaned_data["note"], by=request.user
        )
        return f"Dossier {moved.reference} : {moved.get_status_display().lower()}."

    return _act(request, reference, run)


@require_POST
@controller(CHANGE_CASE)
def case_note(request, reference):
    def run(found):
        form = NoteForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        services.case_note_add(case=found, text=form.cleaned_data["text"], by=request.user)
        return "Note enregistrée."

    return _act(request, reference, run)


@require_POST
@controller(CHANGE_CASE)
def case_document(request, reference):
    def run(found):
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise _form_error(form)
        document = services.case_document_add(
            case=found,
            upload=form.cleaned_data["file"],
            label=form.cleaned_data["label"],
            by=request.user,
        )
        return f"Pièce « {document.label} » jointe au dossier."

    return _act(request, reference, run)


@controller(VIEW_CASE)
def document_download(request, reference, pk):
    """A piece of the case: from the document store (the read logged there), or an earlier
    piece still kept in the case's own file."""
    row = get_object_or_404(CaseDocument, pk=pk, case__reference=reference)
    stored = documents_of(row).first()
    if stored is not None:
        return redirect("portal:documents:download", stored.pk)
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.file.name.rsplit("/")[-1]
    )


@require_POST
@controller(CHANGE_CASE)
def case_decision(request, reference):
    def run(found):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        services.case_decision_record(case=found, text=form.cleaned_data["text"], by=request.user)
        return "Décision enregistrée au dossier."

    return _act(request, reference, run)


@require_POST
@controller(CHANGE_CASE)
def case_suspend(request, reference):
    def run(found):
        form = SuspendForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        payee = form.cleaned_data["payee"]
        target = found.provider if payee == "provider" else found.member
        if target is None:
            raise ValidationError({"payee": "ce dossier ne désigne pas ce bénéficiaire"})
        services.case_suspend(case=found, by=request.user, **{payee: target})
        name = target.name if payee == "provider" else target.full_name
        return f"Paiements suspendus à titre préventif : {name}."

    return _act(request, reference, run)


@require_POST
@controller(CHANGE_CASE)
def suspension_lift(request, reference, pk):
    def run(found):
        suspension = get_object_or_404(CaseSuspension, pk=pk, case=found)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(
                {"decision": "la levée exige une décision enregistrée sur ce dossier"}
            )
        services.case_suspension_lift_decide(
            suspension=suspension, text=form.cleaned_data["text"], by=request.user
        )
        return "Suspension levée sur décision enregistrée au dossier."

    return _act(request, reference, run)


@require_POST
@controller(CHANGE_CASE)
def case_recovery(request, reference):
    def run(found):
        form = RecoveryForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        services.case_recovery_record(
            case=found,
            amount=form.cleaned_data["amount"],
            payee=form.cleaned_data["payee"],
            by=request.user,
        )
        return "Indu enregistré : il sera retenu sur les prochains paiements du débiteur."

    return _act(request, reference, run)
