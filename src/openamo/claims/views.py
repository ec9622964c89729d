"""Staff pages for claim files: the work queue, intake by form and by file, a claim's file with
its workflow steps and medical review, the statement as a page and as a PDF.

Thin: parse the request, call a service or a selector, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openamo.audit.reads import claim_read
from openamo.core.money import format_dh
from openamo.documents.services import documents_of

from . import selectors, services
from .forms import (
    MOVES,
    ClaimHeaderForm,
    ClaimLineFormSet,
    IntakeUploadForm,
    MoveForm,
    QueueFilterForm,
    ReprocessForm,
    ReviewForm,
)
from .intake import claims_intake
from .listings import QUEUE
from .models import Claim, ClaimStatus
from .statement_pdf import statement_context, statement_filename, statement_pdf

TAKEABLE = (ClaimStatus.RECEIVED, ClaimStatus.WAITING_DOCUMENTS, ClaimStatus.MEDICAL_REVIEW)
ENTRY_ROWS = 4
VIEW, CHANGE, ADD, REVIEW = (
    "claims.view_claim",
    "claims.change_claim",
    "claims.add_claim",
    "claims.add_linereview",
)


def _staff(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def _claim(reference: str) -> Claim:
    try:
        return selectors.claim_get(reference=reference)
    except Claim.DoesNotExist:
        raise Http404("Dossier introuvable") from None


def _errors_to_messages(request, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error)


# --- the work queue ---------------------------------------------------------------------


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@_staff(VIEW)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters(request.user)
    counts = selectors.status_counts(filters=filters)
    context = {
        "form": form,
        "counts": counts,
        "counts_total": sum(c["count"] for c in counts),
        "status_label": ClaimStatus(filters.status).label if filters.status else "",
        "status": filters.status,
        "query_status": _query_without(request, "page", "statut", "export"),
        "reprocess": ReprocessForm() if filters.status == ClaimStatus.ADJUDICATED else None,
        "can_change": request.user.has_perm(CHANGE),
        "can_add": request.user.has_perm(ADD),
    }
    claims = selectors.claim_queue(filters=filters)
    return QUEUE.respond(request, claims, "claims/queue.html", context)


@_staff(VIEW)
def queue_csv(request):
    """The former address of the CSV export: the queue's own export, same filters."""
    query = request.GET.copy()
    query["export"] = "csv"
    return redirect(f"{reverse('portal:claims:queue')}?{query.urlencode()}")


@require_POST
@_staff(CHANGE)
def reprocess(request):
    form = ReprocessForm(request.POST)
    ids = [int(x) for x in request.POST.getlist("claim") if x.isdigit()]
    back = request.POST.get("next") or "portal:claims:queue"
    if not ids:
        messages.error(request, "Cocher au moins un dossier à retraiter.")
    elif not form.is_valid():
        messages.error(request, "Le motif du retraitement est obligatoire.")
    else:
        try:
            run = services.claims_reprocess(
                claim_ids=ids, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                f"Retraitement n° {run.pk} : {run.claims} dossier(s) reliquidé(s), "
                f"{format_dh(run.reimbursed)} remboursés au total.",
            )
    return redirect(back if back.startswith("/") else "portal:claims:queue")


# --- intake -----------------------------------------------------------------------------


def _lines_to_forms(formset, numbered: list[int], exc: ValidationError, header) -> None:
    """Put the service's `lines.N.field` errors on the form row that held line N."""
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit():
            form = formset.forms[numbered[int(parts[1]) - 1]]
            field = parts[2] if parts[2] in form.fields else None
            for error in errors:
                form.add_error(field, error)
        else:
            for error in errors:
                header.add_error(key if key in header.fields else None, error)


@_staff(ADD)
def intake(request):
    if request.method == "POST":
        header = ClaimHeaderForm(request.POST)
        formset = ClaimLineFormSet(request.POST, prefix="lignes")
        if header.is_valid() and formset.is_valid():
            numbered = [i for i, f in enumerate(formset.forms) if not f.is_blank()]
            d = header.cleaned_data
            try:
                claim = services.claim_submit(
                    beneficiary=d["beneficiary"],
                    channel=d["channel"],
                    deposit_date=d["deposit_date"],
                    lines=[formset.forms[i].line() for i in numbered],
                    continuous_treatment=d["continuous_treatment"],
                    ald_code=d["ald_code"].strip(),
                    idempotency_key=d["idempotency_key"] or None,
                    user=request.user,
                )
            except ValidationError as exc:
                _lines_to_forms(formset, numbered, exc, header)
            else:
                messages.success(request, f"Dossier {claim.reference} enregistré.")
                return redirect("portal:claims:detail", reference=claim.reference)
    else:
        header = ClaimHeaderForm()
        try:
            count = min(max(int(request.GET.get("lignes", ENTRY_ROWS)), 1), 60)
        except ValueError:
            count = ENTRY_ROWS
        formset = ClaimLineFormSet(prefix="lignes", initial=[{}] * count)
    return render(request, "claims/intake.html", {"header": header, "formset": formset})


@_staff(ADD)
def upload(request):
    result = None
    form = IntakeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = claims_intake(content=form.cleaned_data["file"].read(), user=request.user)
        if not result.errors:
            messages.success(
                request,
                f"{result.registered} dossier(s) enregistré(s), "
                f"{result.skipped} déjà reçu(s) (clé d'idempotence connue).",
            )
            return redirect(f"{reverse('portal:claims:queue')}?statut={ClaimStatus.RECEIVED}")
    return render(request, "claims/upload.html", {"form": form, "result": result})


# --- one claim --------------------------------------------------------------------------


def _review_lines(claim, statement) -> list[tuple[int, str, bool, bool]]:
    """The lines a reviewer may give an opinion on: (number, label, flagged, default), the label
    from the statement in force, flagged when the statement rejected or held the line; the
    first flagged line is the form's default."""
    shown = {x.number: x for x in statement.lines.all()} if statement else {}
    out, picked = [], False
    for line in claim.lines.all():
        found = shown.get(line.number)
        label = found.label if found else f"{line.get_kind_display()} {line.code}"
        flagged = bool(found and found.rejection_code)
        default = flagged and not picked
        picked = picked or flagged
        out.append((line.number, f"{line.number} · {label}"[:90], flagged, default))
    return out


@_staff(VIEW)
def detail(request, reference: str):
    claim = _claim(reference)
    statements = selectors.claim_statements(claim=claim)
    user = request.user
    can_change = user.has_perm(CHANGE)
    reviewable = user.has_perm(REVIEW) and claim.status in services.REVIEWABLE
    allowed_moves = [
        s for s in MOVES if can_change and s in services.TRANSITIONS[ClaimStatus(claim.status)]
    ]
    move_form = MoveForm()
    move_form.fields["to_status"].choices = [(s.value, MOVES[s]) for s in allowed_moves]
    claim_read(request, claim, "medical_review" if reviewable else "claim")
    context = {
        "claim": claim,
        "lines": list(claim.lines.all()),
        "latest": statements[0] if statements else None,
        "rows": statement_context(claim=claim, statement=statements[0])["rows"]
        if statements
        else [],
        "previous": statements[1:],
        "remaining": statements[0].total_copayment + statements[0].total_beyond_base
        if statements
        else None,
        "transitions": list(claim.transitions.all()),
        "can_take": can_change
        and (
            claim.status in TAKEABLE
            or (claim.status == ClaimStatus.IN_ADJUDICATION and claim.assigned_to_id != user.pk)
        ),
        "can_adjudicate": can_change and claim.status in services.ADJUDICABLE,
        "move_form": move_form if allowed_moves else None,
        "review_form": ReviewForm() if reviewable else None,
        "review_lines": _review_lines(claim, statements[0] if statements else None)
        if reviewable
        else [],
        "show_codes": True,  # staff read the reason codes, discreetly, beside the sentence
        "scans": documents_of(claim),
    }
    return render(request, "claims/detail.html", context)


@require_POST
@_staff(CHANGE)
def take(request, reference: str):
    claim = _claim(reference)
    try:
        if claim.status == ClaimStatus.IN_ADJUDICATION:  # taken over from a colleague
            services.claim_move(
                claim=claim, to_status=ClaimStatus.RECEIVED, user=request.user, reason="reprise"
            )
        services.claim_move(
            claim=claim,
            to_status=ClaimStatus.IN_ADJUDICATION,
            user=request.user,
            reason=f"pris en charge par {request.user.get_full_name() or request.user.get_username()}",
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(
            request, f"Dossier {claim.reference} pris en charge : il vous est attribué."
        )
    return redirect("portal:claims:detail", reference=claim.reference)


@require_POST
@_staff(CHANGE)
def adjudicate(request, reference: str):
    claim = _claim(reference)
    try:
        claim = services.claim_adjudicate(claim=claim, user=request.user)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        latest = selectors.statement_get(claim=claim)
        messages.success(
            request,
            f"Dossier {claim.reference} liquidé : {latest.get_outcome_display().lower()}, "
            f"{format_dh(latest.total_reimbursed)} remboursés.",
        )
    return redirect("portal:claims:detail", reference=claim.reference)


@require_POST
@_staff(CHANGE)
def move(request, reference: str):
    claim = _claim(reference)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisir l'étape et indiquer le motif.")
        return redirect("portal:claims:detail", reference=claim.reference)
    try:
        claim = services.claim_move(
            claim=claim,
            to_status=form.cleaned_data["to_status"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(
            request, f"Dossier {claim.reference} : {claim.get_status_display().lower()}."
        )
    return redirect("portal:claims:detail", reference=claim.reference)


@require_POST
@_staff(REVIEW)
def review(request, reference: str):
    claim = _claim(reference)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label} : {error}" if label else error)
        return redirect("portal:claims:detail", reference=claim.reference)
    number = form.cleaned_data["line"]
    line = next((x for x in claim.lines.all() if x.number == number), None)
    if line is None:
        raise Http404("Ligne introuvable")
    try:
        claim = services.line_review(
            claim_line=line,
            reviewer=request.user,
            decision=form.cleaned_data["decision"],
            base=form.cleaned_data["base"],
            justification=form.cleaned_data["justification"],
        )
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        latest = selectors.statement_get(claim=claim)
        messages.success(
            request,
            f"Avis enregistré sur la ligne {number} ; dossier reliquidé (décompte "
            f"v{latest.version} : {format_dh(latest.total_reimbursed)} remboursés).",
        )
    return redirect("portal:claims:detail", reference=claim.reference)


# --- the statement ----------------------------------------------------------------------


def _statement(request, claim):
    version = request.GET.get("version")
    statement = selectors.statement_get(
        claim=claim, version=int(version) if version and version.isdigit() else None
    )
    if statement is None:
        raise Http404("Ce dossier n'a pas encore de décompte")
    return statement


@_staff(VIEW)
def statement(request, reference: str):
    claim = _claim(reference)
    context = statement_context(claim=claim, statement=_statement(request, claim))
    claim_read(request, claim, "statement", obj=context["statement"])
    return render(request, "claims/statement.html", {**context, "show_codes": True})


@_staff(VIEW)
def statement_download(request, reference: str):
    claim = _claim(reference)
    current = _statement(request, claim)
    claim_read(request, claim, "statement_pdf", obj=current)
    response = HttpResponse(statement_pdf(claim=claim, statement=current), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(current)}"'
    return response
