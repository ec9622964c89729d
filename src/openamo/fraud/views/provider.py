"""360° views of a provider, of an establishment kind and of a sector."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from openamo.audit.services import access_record
from openamo.portal.charts import Chart, Series
from openamo.referentials.choices import ProviderKind, Sector
from openamo.referentials.models import Provider

from ..selectors_provider import group_view, provider_view
from .common import VIEW_360, controller

# Establishments followed as such (seed 001): clinics, centres, hospitals.
ESTABLISHMENT_KINDS = [
    ProviderKind.CLINIC,
    ProviderKind.ONCOLOGY_CENTRE,
    ProviderKind.DIALYSIS_CENTRE,
    ProviderKind.OPHTHALMOLOGY_CENTRE,
    ProviderKind.CHU,
    ProviderKind.PUBLIC_HOSPITAL,
    ProviderKind.MILITARY_HOSPITAL,
    ProviderKind.LABORATORY,
    ProviderKind.RADIOLOGY,
    ProviderKind.PHARMACY,
]
SECTORS = [Sector.PUBLIC, Sector.PRIVATE, Sector.MUTUALIST]
COLORS = ["#0f766e", "#2563eb", "#d97706"]


def _monthly_chart(view) -> Chart:
    return Chart(
        id="monthly",
        title="Montants par mois",
        labels=view.month_labels,
        series=[
            Series(name, values, COLORS[i % len(COLORS)])
            for i, (name, values) in enumerate(view.months.rows.items())
        ],
        type="line",
        unit="DH",
    )


@controller(VIEW_360)
def provider(request, inpe):
    found = get_object_or_404(Provider.objects.select_related("city__region"), inpe=inpe)
    view = provider_view(provider=found)
    access_record(request=request, what="view360", obj=found, where=request.path)
    return render(
        request,
        "fraud/provider.html",
        {"v": view, "p": found, "chart": _monthly_chart(view) if view.months.months else None},
    )


@controller(VIEW_360)
def groups(request):
    return render(
        request,
        "fraud/groups.html",
        {
            "kinds": [(k.value, k.label) for k in ESTABLISHMENT_KINDS],
            "sectors": [(s.value, s.label) for s in SECTORS],
        },
    )


@controller(VIEW_360)
def group(request, axis, value):
    if axis == "type" and value in ProviderKind.values:
        title = f"Établissements : {ProviderKind(value).label}"
        providers = Provider.objects.filter(kind=value)
    elif axis == "secteur" and value in Sector.values and value != Sector.ALL:
        title = f"Secteur {Sector(value).label.lower()}"
        providers = Provider.objects.filter(sector=value)
    else:
        raise Http404("Regroupement inconnu")
    view = group_view(title=title, providers=providers)
    return render(
        request,
        "fraud/provider.html",
        {
            "v": view,
            "p": None,
            "count": providers.count(),
            "chart": _monthly_chart(view) if view.months.months else None,
        },
    )
