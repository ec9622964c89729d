"""The controller's search and an insured family's 360° view (each opening is logged)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from openamo.audit.services import access_record
from openamo.claims.models import ClaimStatus
from openamo.members.models import Beneficiary, Member
from openamo.portal.charts import Chart, Series

from ..profile import CATEGORIES
from ..selectors_family import CLAIMS_SHOWN, beneficiary_search, family_view
from .common import VIEW_360, controller

MONTHS_SHOWN = 12
PALETTE = [
    "#0f766e",
    "#2563eb",
    "#d97706",
    "#7c3aed",
    "#dc2626",
    "#059669",
    "#db2777",
    "#4b5563",
    "#0891b2",
    "#65a30d",
    "#9333ea",
    "#ea580c",
    "#475569",
]


@controller(VIEW_360)
def search(request):
    query = request.GET.get("q", "").strip()
    rows = list(beneficiary_search(query=query)) if query else []
    return render(request, "fraud/search.html", {"query": query, "rows": rows})


def _charts(view):
    timeline = Chart(
        id="timeline",
        title="Soins par mois et par catégorie (lignes liquidées)",
        labels=view.month_labels,
        series=[
            Series(CATEGORIES[code], values, PALETTE[i % len(PALETTE)])
            for i, (code, values) in enumerate(view.timeline.rows.items())
        ],
        stacked=True,
        unit="lignes",
        height=280,
    )
    medicines = Chart(
        id="medicines",
        title="Boîtes de médicaments par mois et par molécule",
        labels=view.medicine_month_labels,
        series=[
            Series(name, values, PALETTE[i % len(PALETTE)])
            for i, (name, values) in enumerate(list(view.medicines.rows.items())[:8])
        ],
        stacked=True,
        unit="boîtes",
        height=240,
    )
    return timeline, medicines


@controller(VIEW_360)
def family(request, pk):
    member = get_object_or_404(Member, pk=pk)
    view = family_view(member_id=member.pk)
    chosen = request.GET.get("beneficiaire")
    focus = None
    if chosen and chosen.isdigit():
        focus = next((b for b in view.beneficiaries if b.pk == int(chosen)), None)
    access_record(
        request=request,
        what="view360",
        beneficiary=focus or Beneficiary.objects.filter(member=member, rank=0).first(),
        obj=member,
        where=request.path,
    )
    timeline, medicines = _charts(view)
    recent = view.medicine_month_labels[-MONTHS_SHOWN:]
    medicine_rows = [
        (name, values[-MONTHS_SHOWN:], sum(values)) for name, values in view.medicines.rows.items()
    ]
    every = request.GET.get("tous") == "1"
    return render(
        request,
        "fraud/family.html",
        {
            "v": view,
            "claims": view.claims if every else view.claims[:CLAIMS_SHOWN],
            "claim_url": reverse("portal:claims:detail", args=["-"])[:-2],
            "provider_url": reverse("portal:fraud:provider", args=["-"])[:-2],
            "statuses": dict(ClaimStatus.choices),
            "focus": focus,
            "timeline": timeline,
            "medicines_chart": medicines,
            "medicine_rows": medicine_rows,
            "medicine_months": recent,
        },
    )
