"""The analyst's home: the decision dashboards (Pilotage) and the date of the analytical copy."""

from django.urls import reverse
from django.utils.translation import gettext as _

from openamo.analytics import store
from openamo.analytics.dashboards import DASHBOARDS

from . import Panel


def analyst_panel(*, user, today, now) -> Panel:
    refreshed = store.refreshed_at()
    title = _("Pilotage")
    if refreshed is not None:
        title = _("Pilotage : chiffres au %(date)s") % {"date": refreshed.strftime("%d/%m/%Y")}
    return Panel(
        key="analyst",
        title=title,
        links=[(str(b.title), reverse(f"portal:analytics:{b.slug}")) for b in DASHBOARDS.values()],
    )
