"""Pages: providers file and follow their requests and invoices (scoped to their own
establishment); staff work their delegation's queue, decide, and watch delays.

Thin: parse the request, call a service or a selector, render."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from openamo.documents.services import documents_by_owner
from openamo.members.models import Beneficiary
from openamo.referentials.models import AuthorizationType, Delegation, DocumentType

from . import selectors, services
from .forms import ActFormSet, AskForm, BatchForm, DecisionForm, DocumentsForm, RequestForm
from .invoicing import invoice_batch_submit
from .listings import (
    DELAYS,
    INVOICES_PROVIDER,
    INVOICES_STAFF,
    QUEUE,
    REQUESTS_PROVIDER,
    REQUESTS_STAFF,
)
from .models import Queue, RequestStatus, SubmittedDocument

LATEST_BATCHES = 10


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(
                field if field in form.fields else None,
                f"{field} : {error}" if field not in form.fields else error,
            )


def _provider(request):
    provider = selectors.provider_of(request.user)
    if provider is None:
        raise PermissionDenied
    return provider


def _reader(request):
    """The provider of the user, or None for a staff reader; anyone else is refused."""
    provider = selectors.provider_of(request.user)
    if provider is None and not selectors.is_staff_reader(request.user):
        raise PermissionDenied
    return provider


@login_required
def request_list(request):
    provider = _reader(request)
    status = request.GET.get("statut", "")
    status = status if status in RequestStatus.values else ""
    deadline = request.GET.get("delai", "")
    now = timezone.now()
    context = {
        "provider": provider,
        "status": status,
        "statuses": RequestStatus.choices,
        "delai": deadline,
        "deadlines": [
            (selectors.QUEUE_TODAY, "Échéance aujourd'hui"),
            (selectors.QUEUE_LATE, "En retard"),
        ],
        "now": now,
    }
    listing = REQUESTS_PROVIDER if provider is not None else REQUESTS_STAFF
    rows = selectors.request_list(provider=provider, status=status, deadline=deadline, now=now)
    return listing.respond(request, rows, "authorizations/request_list.html", context)


@login_required
def request_new(request):
    provider = _provider(request)
    type_ = AuthorizationType.objects.filter(
        code=request.GET.get("type") or request.POST.get("authorization_type")
    ).first()
    stage = request.POST.get("stage") or request.GET.get("demande") or "initial"
    required = (
        selectors.required_documents(
            authorization_type_id=type_.pk, stage=stage, day=timezone.localdate()
        )
        if type_
        else ()
    )
    form = RequestForm(
        request.POST or None,
        initial={"authorization_type": type_.code if type_ else None, "stage": stage},
    )
    acts = ActFormSet(request.POST or None, prefix="actes")
    documents = DocumentsForm(
        request.POST or None, request.FILES or None, required=required, prefix="pieces"
    )
    if request.method == "POST" and form.is_valid() and acts.is_valid() and documents.is_valid():
        data = form.cleaned_data
        beneficiary = (
            Beneficiary.objects.select_related("scheme", "member__city")
            .filter(registration_number=data["registration_number"].strip(), rank=data["rank"])
            .first()
        )
        if beneficiary is None:
            form.add_error(
                "registration_number", "bénéficiaire inconnu (vérifier le n° et le rang)"
            )
        else:
            try:
                created = services.authorization_submit(
                    provider=provider,
                    beneficiary=beneficiary,
                    authorization_type=data["authorization_type"],
                    stage=data["stage"],
                    diagnosis=data["diagnosis"],
                    ald_code=data["ald_code"],
                    doctor_inpe=data["doctor_inpe"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    sessions_per_week=data["sessions_per_week"],
                    acts=[
                        services.ActInput(
                            f.cleaned_data["kind"],
                            f.cleaned_data["code"],
                            f.cleaned_data["coefficient"] or Decimal(1),
                            f.cleaned_data["quantity"] or Decimal(1),
                            f.cleaned_data["charged"],
                        )
                        for f in acts.forms
                        if f.cleaned_data and not f.is_blank()
                    ],
                    documents=documents.documents(),
                    user=request.user,
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    f"Demande {created.reference} déposée : {created.get_status_display()}.",
                )
                return redirect("portal:authorizations:detail", pk=created.pk)
    context = {
        "form": form,
        "acts": acts,
        "documents": documents,
        "required": required,
        "type": type_,
        "types": AuthorizationType.objects.order_by("label"),
        "stage": stage,
    }
    return render(request, "authorizations/request_new.html", context)


@login_required
def request_detail(request, pk: int):
    item = selectors.request_for(request.user, pk)
    provider = selectors.provider_of(request.user)
    missing = selectors.request_missing(item)
    required = selectors.required_documents(
        authorization_type_id=item.authorization_type_id, stage=item.stage, day=item.planned_start
    )
    files = documents_by_owner(SubmittedDocument, [d.pk for d in item.documents.all()])
    context = {
        "r": item,
        "provider": provider,
        "missing": missing,
        "submitted": [(d, files.get(d.pk, [])) for d in item.documents.all()],
        "now": timezone.now(),
        "events": item.events.select_related("by"),
        "invoices": item.invoices.order_by("received_on"),
    }
    if provider is not None and not item.decided:
        context["documents_form"] = DocumentsForm(required=missing, prefix="pieces")
    if (
        provider is None
        and request.user.has_perm("authorizations.decide_authorizationrequest")
        and not item.decided
    ):
        acts = list(item.acts.all())
        context["decision_form"] = DecisionForm(acts=acts)
        provided = {d.document_type.code for d in item.documents.all()}
        context["ask_form"] = AskForm(
            choices=[(d.code, d.label) for d in required if d.code not in provided]
        )
    return render(request, "authorizations/request_detail.html", context)


@login_required
def request_documents(request, pk: int):
    if request.method != "POST":
        return redirect("portal:authorizations:detail", pk=pk)
    _provider(request)
    item = selectors.request_for(request.user, pk)
    form = DocumentsForm(
        request.POST, request.FILES, required=selectors.request_missing(item), prefix="pieces"
    )
    if form.is_valid():
        try:
            item = services.authorization_documents_add(
                request=item, documents=form.documents(), user=request.user
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            item.refresh_from_db()
            messages.success(request, f"Pièces reçues. Statut : {item.get_status_display()}.")
    return redirect("portal:authorizations:detail", pk=pk)


@login_required
@permission_required("authorizations.decide_authorizationrequest", raise_exception=True)
def request_decide(request, pk: int):
    item = selectors.request_for(request.user, pk)
    if request.method != "POST":
        return redirect("portal:authorizations:detail", pk=pk)
    form = DecisionForm(request.POST, acts=list(item.acts.all()))
    if form.is_valid():
        try:
            services.authorization_decide(
                request=item,
                user=request.user,
                decision=form.cleaned_data["decision"],
                granted_quantities=form.granted(),
                refusal_reason=form.cleaned_data["refusal_reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    messages.error(request, f"{field} : {error}")
        else:
            messages.success(request, "Décision enregistrée.")
    else:
        messages.error(request, "Décision incomplète : choisir une décision.")
    return redirect("portal:authorizations:detail", pk=pk)


@login_required
@permission_required("authorizations.decide_authorizationrequest", raise_exception=True)
def request_ask(request, pk: int):
    item = selectors.request_for(request.user, pk)
    if request.method == "POST":
        document = DocumentType.objects.filter(code=request.POST.get("document_type")).first()
        try:
            if document is None:
                raise ValidationError({"document_type": "pièce inconnue"})
            services.authorization_document_ask(
                request=item,
                document_type=document,
                user=request.user,
                note=request.POST.get("note", ""),
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, f"Pièce demandée au prestataire : {document.label}.")
    return redirect("portal:authorizations:detail", pk=pk)


@login_required
@permission_required("authorizations.view_authorizationrequest", raise_exception=True)
def queue(request):
    delegation = Delegation.objects.filter(pk=request.GET.get("delegation") or None).first()
    kind = request.GET.get("file", "")
    kind = kind if kind in Queue.values else ""
    status = request.GET.get("statut", "")
    deadline = request.GET.get("delai", "")
    now = timezone.now()
    qs = selectors.queue_list(
        delegation_id=delegation.pk if delegation else None,
        queue=kind,
        status=status,
        deadline=deadline,
        now=now,
    )
    context = {
        "delegations": Delegation.objects.order_by("name"),
        "delegation": delegation,
        "queues": Queue.choices,
        "kind": kind,
        "statut": status,
        "delai": deadline,
        "deadlines": [
            (selectors.QUEUE_TODAY, "Échéance aujourd'hui"),
            (selectors.QUEUE_LATE, "En retard"),
        ],
        "statuses": [(s.value, s.label) for s in (RequestStatus.PENDING, RequestStatus.INCOMPLETE)],
        "now": now,
    }
    return QUEUE.respond(request, qs, "authorizations/queue.html", context)


@login_required
@permission_required("authorizations.view_authorizationrequest", raise_exception=True)
def delays(request):
    try:
        since = date.fromisoformat(request.GET["depuis"]) if request.GET.get("depuis") else None
    except ValueError:
        since = None
    since = since or timezone.localdate() - timedelta(days=90)
    rows = selectors.delays_by_delegation(since=since)
    return DELAYS.respond(request, rows, "authorizations/delays.html", {"since": since})


@login_required
def invoices(request):
    provider = selectors.provider_of(request.user)
    if provider is None and not request.user.has_perm("authorizations.view_invoice"):
        raise PermissionDenied
    today = timezone.localdate()
    state = request.GET.get("etat", "")
    context = {
        "provider": provider,
        "batches": selectors.batch_list(provider=provider)[:LATEST_BATCHES],
        "today": today,
        "etat": state,
        "states": [
            (selectors.INVOICES_TO_PAY, "À payer"),
            (selectors.INVOICES_LATE, "Engagement de paiement dépassé"),
        ],
    }
    listing = INVOICES_PROVIDER if provider is not None else INVOICES_STAFF
    rows = selectors.invoice_list(provider=provider, state=state, today=today)
    return listing.respond(request, rows, "authorizations/invoices.html", context)


@login_required
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_for(request.user, pk)
    return render(
        request, "authorizations/invoice_detail.html", {"i": invoice, "today": timezone.localdate()}
    )


@login_required
def batch_new(request):
    provider = _provider(request)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = invoice_batch_submit(
                provider=provider,
                received_on=form.cleaned_data["received_on"],
                invoices=form.cleaned_data["content"],
                user=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            if batch.status == "refused":
                messages.error(
                    request, f"Bordereau {batch.reference} refusé : {batch.refusal_message}."
                )
            else:
                messages.success(
                    request,
                    f"Bordereau {batch.reference} reçu : {batch.invoice_count} facture(s), {batch.amount_accepted} DH acceptés.",
                )
            return redirect("portal:authorizations:invoices")
    return render(request, "authorizations/batch_new.html", {"form": form, "provider": provider})
