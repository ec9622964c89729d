"""The analyst's home: the key rates of the fund from the analytical copy (tiles and their
chart), the date of the copy, and the decision dashboards (Pilotage)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.analytics import store
from openamo.analytics.dashboards import DASHBOARDS, dashboard_figures
from openamo.analytics.engines import engine
from openamo.analytics.queries import Params, Scope

from . import Panel, Tile


def _key_rates(today):
    db = engine()
    try:
        return dashboard_figures("taux", db, Scope(), Params(day=today))[0]
    finally:
        db.close()


def _n(count: int) -> str:
    return f"{count:,}".replace(",", "\u202f")


def analyst_panel(*, user, today, now) -> Panel:
    refreshed = store.refreshed_at()
    links = [(str(b.title), reverse(f"portal:analytics:{b.slug}")) for b in DASHBOARDS.values()]
    if refreshed is None:
        note = _("Pilotage : la copie analytique n'est pas encore constituée")
        return Panel(key="analyst", title=note, links=links)
    rates = _key_rates(today)
    board = reverse("portal:analytics:taux")
    tiles = [
        Tile(f"{name} (%)", value, board, note=_("%(a)s sur %(b)s") % {"a": _n(a), "b": _n(b)})
        for name, value, a, b in rates.rows
    ]
    if timezone.is_aware(refreshed):
        refreshed = timezone.localtime(refreshed)
    title = _("Pilotage : taux clés des 12 derniers mois (copie du %(date)s)") % {
        "date": refreshed.strftime("%d/%m/%Y à %H:%M")
    }
    return Panel(key="analyst", title=title, tiles=tiles, charts=[rates.chart], links=links)
