"""The decision dashboards (Pilotage): one page per dashboard, scoped to the user's audience,
each figure drawn as a chart with its table, and exported as CSV or XLSX."""

import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.analytics import store
from openamo.analytics.dashboards import DASHBOARDS, dashboard_figures
from openamo.analytics.engines import engine
from openamo.analytics.queries import Params, Scope
from openamo.portal.context import audience_of
from openamo.portal.exports import csv_response, xlsx_response
from openamo.referentials.models import Delegation

PERMISSION = "analytics.view_dashboards"
MONTHS = (6, 12, 24)


@dataclass(frozen=True)
class Audience:
    kind: str  # staff, employer, broker, mutuelle_agent
    scope: Scope
    label: str


def audience(request) -> Audience:
    """Who is looking, and the members the figures may count: staff with the permission see
    the fund (or one delegation); an employer, a broker and a mutuelle their own portfolio."""
    from openamo.portal import selectors, selectors_broker, selectors_mutuelle

    user = request.user
    kind = audience_of(user)
    if kind is None:
        if not user.has_perm(PERMISSION):
            raise PermissionDenied
        delegation = request.GET.get("delegation", "")
        if delegation.isdigit():
            name = Delegation.objects.filter(pk=int(delegation)).values_list("name", flat=True)
            return Audience("staff", Scope(delegation_id=int(delegation)), name.first() or "")
        return Audience("staff", Scope(), _("Toute la caisse"))
    if kind == "employer":
        employer = selectors.employer_of(user)
        return Audience(kind, Scope(employer_ids=(employer.pk,)), employer.name)
    if kind == "broker":
        today = timezone.localdate()
        ids = tuple(
            selectors_broker.portfolio_employers(user, on=today).values_list("pk", flat=True)
        )
        return Audience(kind, Scope(employer_ids=ids), selectors_broker.broker_of(user).name)
    if kind == "mutuelle_agent":
        mutuelle = selectors_mutuelle.mutuelle_of(user)
        return Audience(kind, Scope(mutuelle_id=mutuelle.pk), mutuelle.name)
    raise PermissionDenied


def boards_for(kind: str) -> list[dict]:
    return [
        {"slug": b.slug, "title": b.title, "url": reverse(f"portal:analytics:{b.slug}")}
        for b in DASHBOARDS.values()
        if kind in b.audiences
    ]


def _params(request) -> Params:
    months = request.GET.get("mois", "12")
    months = int(months) if months.isdigit() and int(months) in MONTHS else 12
    return Params(day=timezone.localdate(), months=months)


def _export(figure, fmt: str, slug: str):
    columns = [_Col(i, name) for i, name in enumerate(figure.columns)]
    stem = f"{slug}-{figure.id}"
    if fmt == "xlsx":
        return xlsx_response(
            stem=stem,
            sheet_name=re.sub(r"[:\\/?*\[\]]", " ", figure.chart.title),
            columns=columns,
            rows=figure.rows,
        )
    return csv_response(stem=stem, columns=columns, rows=figure.rows)


@dataclass(frozen=True)
class _Col:
    index: int
    label: str

    @property
    def key(self) -> str:
        return self.label

    def value(self, row):
        return row[self.index]


@login_required
def board(request, slug: str):
    dashboard = DASHBOARDS.get(slug)
    if dashboard is None:
        raise Http404
    who = audience(request)
    if who.kind not in dashboard.audiences:
        raise PermissionDenied
    params = _params(request)
    context = {
        "dashboard": dashboard,
        "boards": boards_for(who.kind),
        "audience": who,
        "refreshed_at": store.refreshed_at(),
        "months": MONTHS,
        "chosen_months": params.months,
        "figures": [],
    }
    if who.kind == "staff":
        context["delegations"] = list(Delegation.objects.order_by("name").values_list("pk", "name"))
        context["chosen_delegation"] = request.GET.get("delegation", "")
    if context["refreshed_at"] is None:
        return render(request, "analytics/board.html", context)
    top = who.kind == "staff" and request.user.has_perm("fraud.view_360")
    db = engine()
    try:
        figures = dashboard_figures(slug, db, who.scope, params, top=top)
    finally:
        db.close()
    fmt, wanted = request.GET.get("format", ""), request.GET.get("figure", "")
    if fmt in ("csv", "xlsx"):
        for figure in figures:
            if figure.id == wanted:
                return _export(figure, fmt, slug)
        raise Http404
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("figure", None)
    for figure in figures:
        figure.export_base = (
            f"?{query.urlencode()}&figure={figure.id}" if query else f"?figure={figure.id}"
        )
        if figure.links:
            figure.link_rows = [
                (row, reverse("portal:fraud:family", args=[member]))
                for row, member in zip(figure.rows, figure.links, strict=True)
            ]
    context["figures"] = figures
    return render(request, "analytics/board.html", context)
