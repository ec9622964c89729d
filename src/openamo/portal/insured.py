"""The insured person's pages: family and rights, claims and statements, authorisations (both
lists sort, page and export), RIB.
Everything read here goes through `portal.selectors` (scoped to the user's family)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openamo.audit.reads import claim_read
from openamo.claims.selectors import statement_get
from openamo.claims.statement_pdf import statement_context, statement_filename, statement_pdf
from openamo.members.models import RibChangeRequest, RightsPeriod
from openamo.members.rib import rib_change_confirm, rib_change_request

from . import insured_lists as lists
from . import selectors

LATEST = 5


class RibForm(forms.Form):
    new_rib = forms.CharField(
        label=_("Nouveau RIB (24 chiffres)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code reçu par SMS"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _rights_today(beneficiaries):
    today = timezone.localdate()
    covering = {
        p.beneficiary_id: p
        for p in RightsPeriod.objects.filter(beneficiary__in=beneficiaries, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .exclude(kind="suspended")
    }
    return [(b, covering.get(b.pk)) for b in beneficiaries]


@login_required
def home(request):
    member = selectors.insured_member(request.user)
    claims = selectors.family_claims(request.user)
    authorizations = selectors.family_authorizations(request.user)
    return render(
        request,
        "portal/insured/home.html",
        {
            "member": member,
            "family": _rights_today(list(selectors.family_beneficiaries(request.user))),
            "claims": list(claims[:LATEST]),
            "claim_count": claims.count(),
            "authorizations": list(authorizations[:LATEST]),
            "authorization_count": len(authorizations)
            if isinstance(authorizations, list)
            else authorizations.count(),
            "rib_masked": f"•••• {member.rib[-6:]}" if member.rib else "",
        },
    )


def _family_filter(request):
    """The family's beneficiaries and the one chosen in `?beneficiaire=` (a rank), if any."""
    family = list(selectors.family_beneficiaries(request.user))
    chosen = request.GET.get("beneficiaire", "")
    return family, next((b for b in family if str(b.rank) == chosen), None)


@login_required
def claims(request):
    member = selectors.insured_member(request.user)
    family, chosen = _family_filter(request)
    rows = selectors.family_claims(request.user)
    if chosen is not None:
        rows = rows.filter(beneficiary=chosen)
    context = {"member": member, "family": family, "chosen": chosen}
    return lists.CLAIMS.respond(request, rows, "portal/insured/claims.html", context)


@login_required
def authorizations(request):
    member = selectors.insured_member(request.user)
    family, chosen = _family_filter(request)
    rows = selectors.family_authorizations(request.user)
    if not isinstance(rows, list):
        rows = rows.select_related("authorization_type")
        if chosen is not None:
            rows = rows.filter(beneficiary=chosen)
    context = {"member": member, "family": family, "chosen": chosen}
    return lists.AUTHORIZATIONS.respond(
        request, rows, "portal/insured/authorizations.html", context
    )


def _statement(request, reference):
    claim = selectors.family_claim(request.user, reference)
    statement = statement_get(claim=claim)
    if statement is None:
        raise Http404("ce dossier n'est pas encore liquidé")
    claim_read(
        request,
        claim,
        "statement_pdf" if request.path.endswith(".pdf") else "statement",
        obj=statement,
    )
    return claim, statement


@login_required
def claim_statement(request, reference):
    claim, statement = _statement(request, reference)
    context = statement_context(claim=claim, statement=statement)
    return render(request, "portal/insured/statement.html", context)


@login_required
def claim_statement_pdf(request, reference):
    claim, statement = _statement(request, reference)
    response = HttpResponse(
        statement_pdf(claim=claim, statement=statement), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response


@login_required
def rib_change(request):
    member = selectors.insured_member(request.user)
    form = RibForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rib_change_request(
                member=member, new_rib=form.cleaned_data["new_rib"], requested_by=request.user
            )
        except ValidationError as exc:
            form.add_error("new_rib", exc.message_dict["new_rib"])
        else:
            messages.info(request, gettext("Un code de confirmation vous a été envoyé par SMS."))
            return redirect("portal:insured_rib_confirm")
    return render(request, "portal/insured/rib.html", {"form": form, "member": member})


@login_required
def rib_confirm(request):
    member = selectors.insured_member(request.user)
    pending = (
        RibChangeRequest.objects.filter(
            member=member, confirmed_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("-requested_at")
        .first()
    )
    if pending is None:
        return redirect("portal:insured_rib")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rib_change_confirm(request=pending, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"])
        else:
            messages.success(request, gettext("Votre nouveau RIB est enregistré."))
            return redirect("portal:insured_home")
    return render(request, "portal/insured/rib_confirm.html", {"form": form, "pending": pending})
