"""The homes: each role's dashboard of its work, as plain data the template draws.

A `Panel` holds `Tile`s (a count or an amount that links to the list filtered on it) and
`Chart`s (`portal.charts`); one module per role builds its panel from aggregate queries
(`count()`, `Sum`, grouped counts), so a home costs a fixed handful of queries whatever the
size of the fund. `staff_panels` picks the panels of the roles a staff user holds.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from ..charts import Chart


@dataclass(frozen=True)
class Tile:
    label: str
    value: int | Decimal | None
    url: str = ""
    note: str = ""
    tone: str = ""  # "alert" (late), "warn" (due soon), "ok" or ""
    money: bool = False


@dataclass
class Panel:
    key: str  # the role's code, a stable anchor for tests and pages
    title: str
    tiles: list[Tile] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, address)
    table: dict | None = None  # {"title", "headers", "rows": [(cells..., url)]}


def link(name: str, **query) -> str:
    """The address of a URL name with its query string (empty values left out)."""
    url = reverse(name)
    query = {k: v for k, v in query.items() if v not in ("", None)}
    return f"{url}?{urlencode(query)}" if query else url


def days_back(today: date, count: int) -> list[date]:
    """The `count` days ending on `today`, oldest first."""
    return [today - timedelta(days=count - 1 - i) for i in range(count)]


def months_back(today: date, count: int) -> list[date]:
    """The first days of the `count` months ending with `today`'s month, oldest first."""
    first = today.replace(day=1)
    out = []
    for _ in range(count):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def series_on(days: list, counted: dict, zero=0) -> list:
    """The values of `counted` (day → value) for each day, zero where nothing was counted."""
    return [counted.get(day, zero) for day in days]


def alert_if(value) -> str:
    return "alert" if value else ""


PanelBuilder = Callable[..., Panel]
