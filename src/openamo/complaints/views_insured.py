"""The insured person's complaints: « Mes réclamations », filing about one of the family's
claims, authorisations or payments, the thread (never the internal notes), satisfaction and
reopening. Everything is read through the family-scoped selectors: anything else is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openamo.payments.selectors import portal_order
from openamo.portal import selectors as portal

from . import selectors, services
from .forms import FileForm, MessageForm, ReopenForm, SatisfactionForm, attachments
from .listings import MINE
from .models import Channel, Status

# the address parameter naming what the complaint is about → how to find it in the family
ABOUT = {
    "dossier": ("claim", lambda user, ref: portal.family_claim(user, ref)),
    "prise_en_charge": ("authorization", lambda user, ref: _family_authorization(user, ref)),
    "paiement": ("payment", lambda user, ref: portal_order(user, ref)),
}


def _family_authorization(user, reference):
    from django.http import Http404

    rows = portal.family_authorizations(user)
    found = None if isinstance(rows, list) else rows.filter(reference=reference).first()
    if found is None:
        raise Http404("prise en charge introuvable")
    return found


def _about(request) -> dict:
    """The object named in the address, looked up in the family's scope (404 otherwise)."""
    source = request.POST if request.method == "POST" else request.GET
    for param, (name, find) in ABOUT.items():
        reference = source.get(param, "").strip()
        if reference:
            return {name: find(request.user, reference), "param": param, "reference": reference}
    return {}


@login_required
def mine(request):
    member = portal.insured_member(request.user)
    rows = selectors.family_complaints(request.user)
    return MINE.respond(request, rows, "complaints/mine.html", {"member": member})


@login_required
def file(request):
    member = portal.insured_member(request.user)
    about = _about(request)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_file(
                member=member,
                by=request.user,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                channel=Channel.PORTAL,
                claim=about.get("claim"),
                authorization=about.get("authorization"),
                payment=about.get("payment"),
                attachments=attachments(form),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Votre réclamation %(ref)s est enregistrée : réponse sous 48 heures.")
                % {"ref": complaint.reference},
            )
            return redirect("portal:complaints:mine_detail", complaint.reference)
    return render(
        request, "complaints/file_insured.html", {"member": member, "form": form, "about": about}
    )


@login_required
def detail(request, reference):
    complaint = selectors.family_complaint(request.user, reference)
    form = MessageForm(request.POST or None, request.FILES or None)
    form.fields.pop("internal")
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_message_post(
                complaint=complaint,
                by=request.user,
                body=form.cleaned_data["body"],
                from_staff=False,
                attachments=attachments(form),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else "body", errors)
        else:
            messages.success(request, _("Votre message est envoyé."))
            return redirect("portal:complaints:mine_detail", complaint.reference)
    reopen_until = services.reopen_deadline(complaint)
    return render(
        request,
        "complaints/mine_detail.html",
        {
            "complaint": complaint,
            "thread": selectors.thread(complaint, staff=False),
            "form": form,
            "closed": complaint.status == Status.CLOSED,
            "satisfaction_form": SatisfactionForm(),
            "reopen_form": ReopenForm(),
            "reopen_until": reopen_until,
        },
    )


def _insured_act(request, reference, run, done):
    complaint = selectors.family_complaint(request.user, reference)
    try:
        run(complaint)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("portal:complaints:mine_detail", complaint.reference)


@require_POST
@login_required
def satisfaction(request, reference):
    form = SatisfactionForm(request.POST)

    def run(complaint):
        if not form.is_valid():
            raise ValidationError({"satisfied": _("Répondez par oui ou par non.")})
        services.complaint_satisfaction(
            complaint=complaint, satisfied=form.cleaned_data["satisfied"]
        )

    return _insured_act(request, reference, run, _("Merci pour votre réponse."))


@require_POST
@login_required
def reopen(request, reference):
    form = ReopenForm(request.POST)
    form.is_valid()

    def run(complaint):
        services.complaint_reopen(
            complaint=complaint,
            by=request.user,
            body=form.cleaned_data.get("body", ""),
            from_staff=False,
        )

    return _insured_act(request, reference, run, _("Votre réclamation est rouverte."))


@require_POST
@login_required
def close(request, reference):
    form = SatisfactionForm(request.POST)

    def run(complaint):
        if not form.is_valid():
            raise ValidationError({"satisfied": _("Dites-nous si la réponse vous satisfait.")})
        services.complaint_close_by_complainant(
            complaint=complaint, by=request.user, satisfied=form.cleaned_data["satisfied"]
        )

    return _insured_act(request, reference, run, _("Votre réclamation est clôturée. Merci."))
