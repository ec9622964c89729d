"""The policyholder's (employer's) and the broker's complementary portfolio: their contracts,
the insured, the consumption against the yearly ceilings, the complementary statements; every
list sorts, pages and exports (CSV, XLSX). Scoped by the portal access: an employer sees the
contracts it holds, a broker those it placed; anyone else gets a 404."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openamo.core.money import ZERO
from openamo.portal.listing import Column, Listing
from openamo.portal.models import PortalAccess

from .models import ComplementaryLine, ComplementaryStatement, Contract, Enrolment, Guarantee


def contracts_of(user):
    access = PortalAccess.objects.filter(user=user, role__in=["employer", "broker"]).first()
    if access is None:
        raise Http404("aucun portefeuille complémentaire pour ce compte")
    if access.role == "employer" and access.employer_id:
        return Contract.objects.filter(policyholder_id=access.employer_id)
    if access.role == "broker" and access.broker_id:
        return Contract.objects.filter(broker_id=access.broker_id)
    raise Http404("aucun portefeuille complémentaire pour ce compte")


def _contract(user, reference: str) -> Contract:
    contract = contracts_of(user).select_related("insurer").filter(reference=reference).first()
    if contract is None:
        raise Http404("contrat introuvable")
    return contract


def consumption(contract: Contract, day: date) -> list[dict]:
    """Per care category this year: paid, the ceilings, the insured who reached theirs."""
    used = dict(
        ComplementaryLine.objects.filter(
            statement__contract=contract, statement__superseded=False, care_date__year=day.year
        )
        .values_list("care_category")
        .annotate(total=Sum("complementary"))
    )
    rows = []
    for g in Guarantee.objects.in_force_on(day).filter(contract=contract):
        rows.append(
            {
                "category": g.get_care_category_display(),
                "guarantee": f"{g.get_basis_display()} {g.rate:.0f} %"
                if g.basis != "flat_per_act"
                else f"{g.get_basis_display()} {g.flat}",
                "paid": used.get(g.care_category, ZERO),
                "person": g.person_year_ceiling,
                "family": g.family_year_ceiling,
            }
        )
    return rows


@login_required
def home(request):
    today = timezone.localdate()
    year = Q(statements__superseded=False, statements__computed_at__year=today.year)
    contracts = (
        contracts_of(request.user)
        .select_related("insurer", "policyholder", "broker")
        .annotate(
            insured=Count("enrolments", distinct=True),
            paid=Sum("statements__total_complementary", filter=year),
        )
    )
    rows = [(c, consumption(c, today)) for c in contracts]
    return render(request, "complementary/portfolio.html", {"rows": rows, "today": today})


INSURED = Listing(
    name="assures",
    sheet="Assurés",
    default_sort="nom",
    columns=(
        Column(
            "immatriculation",
            _("Immatriculation"),
            lambda e: e.beneficiary.registration_number,
            ("beneficiary__registration_number",),
        ),
        Column(
            "rang", _("Rang"), lambda e: e.beneficiary.rank, ("beneficiary__rank",), numeric=True
        ),
        Column(
            "nom",
            _("Nom"),
            lambda e: e.beneficiary.full_name,
            ("beneficiary__last_name", "beneficiary__first_name"),
        ),
        Column("depuis", _("Couvert depuis"), lambda e: e.valid_from, ("valid_from",)),
        Column("jusqu_au", _("Jusqu'au"), lambda e: e.valid_to, ("valid_to",)),
        Column(
            "rembourse",
            _("Remboursé cette année"),
            lambda e: e.paid or ZERO,
            ("paid",),
            numeric=True,
        ),
    ),
)


def _paid_this_year(contract, day):
    lines = ComplementaryLine.objects.filter(
        statement__contract=contract,
        statement__superseded=False,
        care_date__year=day.year,
        beneficiary_id=OuterRef("beneficiary_id"),
    )
    return Subquery(
        lines.values("beneficiary_id").annotate(total=Sum("complementary")).values("total")[:1]
    )


@login_required
def insured(request, reference: str):
    contract = _contract(request.user, reference)
    rows = (
        Enrolment.objects.filter(contract=contract)
        .select_related("beneficiary")
        .annotate(paid=_paid_this_year(contract, timezone.localdate()))
    )
    return INSURED.respond(
        request, rows, "complementary/portfolio_insured.html", {"contract": contract}
    )


STATEMENTS = Listing(
    name="decomptes",
    sheet="Décomptes complémentaires",
    default_sort="-date",
    columns=(
        Column("date", _("Calculé le"), lambda s: s.computed_at.date(), ("computed_at",)),
        Column("dossier", _("Dossier"), lambda s: s.claim.reference, ("claim__reference",)),
        Column(
            "beneficiaire",
            _("Bénéficiaire"),
            lambda s: s.claim.beneficiary.full_name,
            ("claim__beneficiary__last_name",),
        ),
        Column(
            "facture", _("Facturé"), lambda s: s.total_charged, ("total_charged",), numeric=True
        ),
        Column("amo", _("Remboursé AMO"), lambda s: s.total_base, ("total_base",), numeric=True),
        Column(
            "complementaire",
            _("Remboursé complémentaire"),
            lambda s: s.total_complementary,
            ("total_complementary",),
            numeric=True,
        ),
        Column(
            "reste",
            _("Reste à charge"),
            lambda s: s.total_remainder,
            ("total_remainder",),
            numeric=True,
        ),
    ),
)


@login_required
def statements(request, reference: str):
    contract = _contract(request.user, reference)
    rows = ComplementaryStatement.objects.filter(
        contract=contract, superseded=False
    ).select_related("claim__beneficiary")
    return STATEMENTS.respond(
        request, rows, "complementary/portfolio_statements.html", {"contract": contract}
    )
