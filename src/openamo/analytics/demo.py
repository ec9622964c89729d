"""The demo's analytical copy: rebuilt at the end of the demo so the dashboards show today."""

from collections.abc import Callable

from openamo.analytics.extract import analytics_refresh


def analytics_demo(*, step: Callable[[str], None]) -> int:
    """Rebuild the copy from the demo fund; returns the rows copied."""
    step("Copie analytique pour le pilotage")
    return sum(r.rows for r in analytics_refresh(full=True))
