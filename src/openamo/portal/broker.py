"""The broker's (intermédiaire's) space: the portfolio's figures, its clients (employers under
a mandate in force today), one client's declarations and arrears, the insured members and the
declarations across the portfolio. Every read goes through `portal.selectors_broker`; every
list sorts, paginates and exports through `portal.listing`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openamo.contributions.forms import PeriodField
from openamo.core.money import ZERO, money
from openamo.members.models import Employer

from . import selectors_broker as selectors
from .columns import BIRTH_DATE, CIN, FIRST_NAME, LAST_NAME, MEMBER_STATUS, REGISTRATION
from .homes.contributors import portfolio_calls_chart
from .listing import Column, Listing

STATES = {  # state_key → (label, badge class), as `portal.employer.payment_state`
    "none": (_("Sans appel"), ""),
    "settled": (_("Soldé"), "ok"),
    "late": (_("En retard"), "ko"),
    "partial": (_("Paiement partiel"), "warn"),
    "due": (_("À payer"), "warn"),
}


def _state_label(row) -> str:
    return str(STATES[row.state_key][0])


CLIENTS = Listing(
    name="clients",
    sheet="Clients",
    default_sort="nom",
    columns=(
        Column("nom", _("Raison sociale"), lambda e: e.name, ("name",)),
        Column("ice", _("ICE"), lambda e: e.ice, ("ice",)),
        Column("cnss", _("N° CNSS"), lambda e: e.cnss_number, ("cnss_number",)),
        Column("ville", _("Ville"), lambda e: e.city.name if e.city_id else "", ("city__name",)),
        Column("assures", _("Assurés"), lambda e: e.member_count, ("member_count",), True),
        Column(
            "derniere_periode", _("Dernier mois déclaré"), lambda e: e.last_period, ("last_period",)
        ),
        Column("impayes", _("Impayés"), lambda e: money(e.arrears), ("arrears",), True),
        Column("mandat_depuis", _("Mandat depuis le"), lambda e: e.mandate_from, ("mandate_from",)),
    ),
)

MEMBERS = Listing(
    name="assures-portefeuille",
    sheet="Assurés",
    default_sort="nom",
    columns=(
        REGISTRATION,
        CIN,
        LAST_NAME,
        FIRST_NAME,
        Column(
            "employeur", _("Employeur"), lambda m: m.employer.name, ("employer__name", "last_name")
        ),
        BIRTH_DATE,
        MEMBER_STATUS,
        Column(
            "mutuelle",
            _("Mutuelle"),
            lambda m: m.mutuelle.name if m.mutuelle_id else "",
            ("mutuelle__name",),
        ),
    ),
)

DECLARATIONS = Listing(
    name="declarations-portefeuille",
    sheet="Déclarations",
    default_sort="-periode",
    columns=(
        Column(
            "employeur", _("Employeur"), lambda d: d.employer.name, ("employer__name", "-period")
        ),
        Column("periode", _("Mois"), lambda d: d.period, ("period", "employer__name")),
        Column("lignes", _("Lignes"), lambda d: d.line_count, ("line_count",), True),
        Column(
            "masse_salariale",
            _("Masse salariale"),
            lambda d: d.payroll_total,
            ("payroll_total",),
            True,
        ),
        Column("appele", _("Appelé"), lambda d: d.amount_due, ("amount_due",), True),
        Column("exigible_le", _("Exigible le"), lambda d: d.due_on, ("due_on",)),
        Column("paye", _("Payé"), lambda d: d.paid, ("paid",), True),
        Column("reste_du", _("Reste dû"), lambda d: d.outstanding, ("outstanding",), True),
        Column("etat", _("État"), _state_label, ("state_key",)),
    ),
)

CLIENT_DECLARATIONS = Listing(  # one client's: the same columns but the employer's
    name="declarations-client",
    sheet="Déclarations",
    default_sort="-periode",
    columns=DECLARATIONS.columns[1:],
)


class PortfolioFilterForm(forms.Form):
    """Filters of the portfolio's lists; the client is chosen among the portfolio only."""

    q = forms.CharField(label=_("Nom, CIN ou n° d'immatriculation"), required=False, max_length=100)
    periode = PeriodField(label=_("Mois déclaré"), required=False)
    employeur = forms.ModelChoiceField(
        Employer.objects.none(),
        label=_("Client"),
        required=False,
        empty_label=_("Tous les clients"),
    )

    def __init__(self, data, *, employers, fields):
        super().__init__(data)
        self.fields["employeur"].queryset = employers
        for name in set(self.fields) - set(fields):
            del self.fields[name]


def _filters(request, fields):
    employers = selectors.portfolio_employers(request.user, on=timezone.localdate())
    form = PortfolioFilterForm(request.GET or None, employers=employers, fields=fields)
    if form.is_bound:
        form.is_valid()
    return form


def _value(form, name):
    """The field's cleaned value; None when empty or wrong (the form shows the error)."""
    return form.cleaned_data.get(name) if form.is_bound and hasattr(form, "cleaned_data") else None


@login_required
def home(request):
    today = timezone.localdate()
    broker = selectors.broker_of(request.user)
    employers = list(selectors.portfolio_employers(request.user, on=today))
    period = selectors.previous_period(today)
    arrears = selectors.portfolio_arrears(request.user, on=today)
    context = {
        "broker": broker,
        "today": today,
        "employer_count": len(employers),
        "member_count": sum(e.member_count for e in employers),
        "period": period,
        "missing": list(selectors.employers_missing_period(request.user, on=today, period=period)),
        "arrears_total": money(sum((a.outstanding for a in arrears), ZERO)),
        "arrears_calls": len(arrears),
        "debtors": sorted((e for e in employers if e.arrears > ZERO), key=lambda e: -e.arrears)[:8],
        "calls_chart": portfolio_calls_chart([e.pk for e in employers], today=today),
    }
    return render(request, "portal/broker/home.html", context)


@login_required
def clients(request):
    broker = selectors.broker_of(request.user)
    employers = selectors.portfolio_employers(request.user, on=timezone.localdate())
    return CLIENTS.respond(request, employers, "portal/broker/clients.html", {"broker": broker})


@login_required
def client(request, pk: int):
    today = timezone.localdate()
    employer = selectors.portfolio_employer(request.user, pk, on=today)
    arrears = selectors.portfolio_arrears(request.user, on=today, employer_id=employer.pk)
    declarations = selectors.portfolio_declarations(request.user, on=today, employer_id=employer.pk)
    context = {
        "employer": employer,
        "mandate": selectors.portfolio_mandates(request.user, on=today).get(employer=employer),
        "today": today,
        "arrears": arrears,
        "arrears_total": money(sum((a.outstanding for a in arrears), ZERO)),
    }
    return CLIENT_DECLARATIONS.respond(request, declarations, "portal/broker/client.html", context)


@login_required
def members(request):
    form = _filters(request, ("q", "employeur"))
    employer = _value(form, "employeur")
    rows = selectors.portfolio_members(
        request.user,
        on=timezone.localdate(),
        query=_value(form, "q") or "",
        employer_id=employer.pk if employer else None,
    )
    return MEMBERS.respond(request, rows, "portal/broker/members.html", {"form": form})


@login_required
def declarations(request):
    form = _filters(request, ("periode", "employeur"))
    employer = _value(form, "employeur")
    rows = selectors.portfolio_declarations(
        request.user,
        on=timezone.localdate(),
        period=_value(form, "periode"),
        employer_id=employer.pk if employer else None,
    )
    return DECLARATIONS.respond(request, rows, "portal/broker/declarations.html", {"form": form})


urlpatterns = [
    path("", home, name="home"),
    path("clients/", clients, name="clients"),
    path("clients/<int:pk>/", client, name="client"),
    path("assures/", members, name="members"),
    path("declarations/", declarations, name="declarations"),
]
