"""The mutuelle agent's space: the mutuelle's figures, its members and their family files
(rights, ALD), the claim files of its members and their statements (page and PDF). Every read
goes through `portal.selectors_mutuelle`; every list sorts, paginates and exports through
`portal.listing`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openamo.audit.reads import claim_read
from openamo.claims.models import Channel, ClaimStatus, Outcome
from openamo.claims.selectors import QueueFilters, statement_get
from openamo.claims.statement_pdf import statement_context, statement_filename, statement_pdf
from openamo.core.forms import DateInput

from . import selectors_mutuelle as selectors
from .columns import BIRTH_DATE, CIN, FIRST_NAME, LAST_NAME, MEMBER_STATUS, REGISTRATION
from .listing import Column, Listing

MEMBERS = Listing(
    name="adherents",
    sheet="Adhérents",
    default_sort="nom",
    columns=(
        REGISTRATION,
        CIN,
        LAST_NAME,
        FIRST_NAME,
        BIRTH_DATE,
        MEMBER_STATUS,
        Column(
            "employeur",
            _("Employeur"),
            lambda m: m.employer.name if m.employer_id else "",
            ("employer__name",),
        ),
        Column(
            "beneficiaires",
            _("Bénéficiaires"),
            lambda m: m.beneficiary_count,
            ("beneficiary_count",),
            True,
        ),
    ),
)


def _outcome(claim) -> str:
    return str(Outcome(claim.latest_outcome).label) if claim.latest_outcome else ""


CLAIMS = Listing(
    name="dossiers-adherents",
    sheet="Dossiers",
    default_sort="-depot",
    columns=(
        Column("reference", _("Référence"), lambda c: c.reference, ("reference",)),
        Column("depot", _("Déposé le"), lambda c: c.deposit_date, ("deposit_date",)),
        Column(
            "immatriculation",
            _("Immatriculation"),
            lambda c: c.beneficiary.registration_number,
            ("beneficiary__registration_number", "beneficiary__rank"),
        ),
        Column(
            "beneficiaire",
            _("Bénéficiaire"),
            lambda c: c.beneficiary.full_name,
            ("beneficiary__last_name", "beneficiary__first_name"),
        ),
        Column("canal", _("Canal"), lambda c: c.get_channel_display(), ("channel",)),
        Column("statut", _("Statut"), lambda c: c.get_status_display(), ("status",)),
        Column("resultat", _("Résultat"), _outcome, ("latest_outcome",)),
        Column("facture", _("Facturé"), lambda c: c.latest_charged, ("latest_charged",), True),
        Column(
            "rembourse", _("Remboursé"), lambda c: c.latest_reimbursed, ("latest_reimbursed",), True
        ),
    ),
)

DATE = DateInput()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, CIN ou n° d'immatriculation"), required=False, max_length=100)


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Référence, immatriculation ou CIN"), required=False, max_length=40)
    statut = forms.ChoiceField(
        label=_("Statut"), choices=[("", _("Tous")), *ClaimStatus.choices], required=False
    )
    canal = forms.ChoiceField(
        label=_("Canal"), choices=[("", _("Tous")), *Channel.choices], required=False
    )
    du = forms.DateField(label=_("Déposé du"), widget=DATE, required=False)
    au = forms.DateField(label=_("au"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", _("la date de fin précède la date de début"))
        return data

    def filters(self) -> QueueFilters:
        """The valid filters only: a wrong field shows its error and filters nothing."""
        if not self.is_bound:
            return QueueFilters()
        self.is_valid()
        d = self.cleaned_data
        return QueueFilters(
            status=d.get("statut", ""),
            channel=d.get("canal", ""),
            deposit_from=d.get("du"),
            deposit_to=d.get("au"),
            search=d.get("q", ""),
        )


@login_required
def home(request):
    today = timezone.localdate()
    context = {
        "mutuelle": selectors.mutuelle_of(request.user),
        "today": today,
        "figures": selectors.mutuelle_figures(request.user, on=today),
        "latest": list(selectors.mutuelle_claims(request.user, filters=QueueFilters())[:8]),
    }
    return render(request, "portal/mutuelle/home.html", context)


@login_required
def members(request):
    mutuelle = selectors.mutuelle_of(request.user)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    rows = selectors.mutuelle_members(request.user, query=query)
    context = {"mutuelle": mutuelle, "form": form}
    return MEMBERS.respond(request, rows, "portal/mutuelle/members.html", context)


@login_required
def member(request, registration_number: str):
    today = timezone.localdate()
    file = selectors.mutuelle_member_file(request.user, registration_number, on=today)
    claims = selectors.mutuelle_claims(request.user, filters=QueueFilters()).filter(
        beneficiary__member=file["member"]
    )
    context = {**file, "today": today, "claims": list(claims[:10]), "claim_count": claims.count()}
    return render(request, "portal/mutuelle/member.html", context)


@login_required
def claims(request):
    mutuelle = selectors.mutuelle_of(request.user)
    form = ClaimFilterForm(request.GET or None)
    rows = selectors.mutuelle_claims(request.user, filters=form.filters())
    context = {"mutuelle": mutuelle, "form": form}
    return CLAIMS.respond(request, rows, "portal/mutuelle/claims.html", context)


@login_required
def claim(request, reference: str):
    found = selectors.mutuelle_claim(request.user, reference)
    statement = statement_get(claim=found)
    claim_read(request, found, "statement" if statement else "claim", obj=statement)
    if statement is None:
        context = {"claim": found, "statement": None}
    else:
        context = statement_context(claim=found, statement=statement)
    return render(request, "portal/mutuelle/claim.html", context)


@login_required
def claim_pdf(request, reference: str):
    found = selectors.mutuelle_claim(request.user, reference)
    statement = statement_get(claim=found)
    if statement is None:
        raise Http404("ce dossier n'est pas encore liquidé")
    claim_read(request, found, "statement_pdf", obj=statement)
    response = HttpResponse(
        statement_pdf(claim=found, statement=statement), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement)}"'
    return response


urlpatterns = [
    path("", home, name="home"),
    path("adherents/", members, name="members"),
    path("adherents/<str:registration_number>/", member, name="member"),
    path("dossiers/", claims, name="claims"),
    path("dossiers/<str:reference>/", claim, name="claim"),
    path("dossiers/<str:reference>/decompte.pdf", claim_pdf, name="claim_pdf"),
]
