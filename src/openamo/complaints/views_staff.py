"""The complaints agents' pages: the queue with its deadlines, one complaint (thread, notes,
assignment, closure, reopening) and filing on behalf of someone (phone, counter, letter)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from openamo.claims.models import Claim
from openamo.members.models import Member

from . import deadlines, selectors, services
from .forms import AssignForm, CloseForm, MessageForm, ReopenForm, StaffFileForm, attachments
from .listings import QUEUE
from .models import Category, Status, Team

VIEW, CHANGE, ADD = (
    "complaints.view_complaint",
    "complaints.change_complaint",
    "complaints.add_complaint",
)
STATUS_FILTERS = [("open", _l("Ouvertes")), *Status.choices, ("all", _l("Toutes"))]
STATE_FILTERS = [
    ("", "—"),
    (deadlines.LATE, deadlines.LABELS[deadlines.LATE]),
    (deadlines.SOON, deadlines.LABELS[deadlines.SOON]),
]


def staff(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


def _agents():
    return (
        get_user_model()
        .objects.filter(groups__permissions__codename="change_complaint", is_active=True)
        .distinct()
        .order_by("username")
    )


def _errors(request, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error)


@staff(VIEW)
def queue(request):
    g = request.GET
    filters = {
        "status": g.get("statut", "open"),
        "state": g.get("delai", ""),
        "team_id": _int(g.get("equipe")),
        "category_id": _int(g.get("nature")),
        "q": g.get("q", "").strip(),
    }
    mine = g.get("mes") == "1"
    rows = selectors.complaint_queue(
        now=timezone.now(), agent=request.user if mine else None, **filters
    )
    context = {
        **filters,
        "mine": mine,
        "status_filters": STATUS_FILTERS,
        "state_filters": STATE_FILTERS,
        "teams": Team.objects.all(),
        "categories": Category.objects.filter(parent__isnull=True),
    }
    return QUEUE.respond(request, rows, "complaints/queue.html", context)


def _detail_context(request, complaint, **forms):
    now = timezone.now()
    return {
        "complaint": complaint,
        "thread": selectors.thread(complaint, staff=True),
        "first_state": deadlines.deadline_state(
            complaint.first_answer_due, complaint.first_answered_at, now
        ),
        "resolution_state": deadlines.deadline_state(
            complaint.resolution_due, complaint.closed_at, now
        ),
        "labels": deadlines.LABELS,
        "alerts": complaint.alerts.select_related("from_team", "to_team"),
        "reopen_until": services.reopen_deadline(complaint),
        "can_change": request.user.has_perm(CHANGE),
        "message_form": forms.get("message_form") or MessageForm(),
        "assign_form": AssignForm(
            agents=_agents(),
            initial={"agent": complaint.assigned_to_id, "team": complaint.team_id},
        ),
        "close_form": forms.get("close_form") or CloseForm(),
        "reopen_form": ReopenForm(),
    }


@staff(VIEW)
def detail(request, reference):
    complaint = selectors.complaint_get(reference)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _act(request, reference, run, done: str):
    complaint = selectors.complaint_get(reference)
    try:
        run(complaint)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("portal:complaints:detail", complaint.reference)


def _form_error(form) -> ValidationError:
    return ValidationError({name: list(errs) for name, errs in form.errors.items()})


@require_POST
@staff(CHANGE)
def message(request, reference):
    form = MessageForm(request.POST, request.FILES)

    def run(complaint):
        if not form.is_valid():
            raise _form_error(form)
        services.complaint_message_post(
            complaint=complaint,
            by=request.user,
            body=form.cleaned_data["body"],
            from_staff=True,
            internal=form.cleaned_data["internal"],
            attachments=attachments(form),
        )

    internal = request.POST.get("internal")
    return _act(
        request, reference, run, _("Note enregistrée.") if internal else _("Réponse envoyée.")
    )


@require_POST
@staff(CHANGE)
def assign(request, reference):
    form = AssignForm(request.POST, agents=_agents())

    def run(complaint):
        if not form.is_valid():
            raise _form_error(form)
        services.complaint_assign(
            complaint=complaint,
            by=request.user,
            agent=form.cleaned_data["agent"],
            team=form.cleaned_data["team"],
        )

    return _act(request, reference, run, _("Attribution enregistrée."))


@require_POST
@staff(CHANGE)
def close(request, reference):
    form = CloseForm(request.POST)

    def run(complaint):
        if not form.is_valid():
            raise _form_error(form)
        if form.cleaned_data["body"].strip():
            services.complaint_message_post(
                complaint=complaint,
                by=request.user,
                body=form.cleaned_data["body"],
                from_staff=True,
            )
        services.complaint_close(
            complaint=complaint, by=request.user, resolution=form.cleaned_data["resolution"]
        )

    return _act(request, reference, run, _("Réclamation clôturée."))


@require_POST
@staff(CHANGE)
def reopen(request, reference):
    form = ReopenForm(request.POST)
    form.is_valid()

    def run(complaint):
        services.complaint_reopen(
            complaint=complaint,
            by=request.user,
            body=form.cleaned_data.get("body", ""),
            from_staff=True,
        )

    return _act(request, reference, run, _("Réclamation rouverte."))


def _file_on_behalf(request, form):
    data = form.cleaned_data
    member = Member.objects.filter(registration_number=data["registration_number"].strip()).first()
    if member is None:
        raise ValidationError({"registration_number": _("Aucun assuré sous ce numéro.")})
    claim = None
    if data["claim_reference"]:
        claim = Claim.objects.filter(
            reference=data["claim_reference"].strip(), beneficiary__member=member
        ).first()
        if claim is None:
            raise ValidationError(
                {"claim_reference": _("Aucun dossier de cet assuré sous cette référence.")}
            )
    return services.complaint_file(
        member=member,
        by=request.user,
        category=data["category"],
        title=data["title"],
        body=data["body"],
        channel=data["channel"],
        claim=claim,
        attachments=attachments(form),
    )


@staff(ADD)
def file_on_behalf(request):
    form = StaffFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = _file_on_behalf(request, form)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Réclamation %(ref)s enregistrée.") % {"ref": complaint.reference}
            )
            return redirect("portal:complaints:detail", complaint.reference)
    return render(request, "complaints/file_staff.html", {"form": form})
