"""Chart specifications for the pages: plain dicts rendered by `portal/_chart.html`.

A chart is drawn by the vendored Chart.js (`static/portal/charts.js`) and its figures are shown
in a table beside it, so every figure stays readable without scripts (and by screen readers).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Series:
    label: str
    data: Sequence[Decimal | int | float]
    color: str = ""


@dataclass
class Chart:
    """`type`: bar, line, pie or doughnut; `unit`: shown after each value (DH, %, dossiers)."""

    id: str
    title: str
    labels: Sequence[str]
    series: Sequence[Series] = field(default_factory=list)
    type: str = "bar"
    unit: str = ""
    stacked: bool = False
    horizontal: bool = False
    height: int = 260

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    def spec(self) -> dict:
        return {
            "type": self.type,
            "labels": [str(label) for label in self.labels],
            "datasets": [
                {"label": s.label, "data": [str(v) for v in s.data], "color": s.color}
                for s in self.series
            ],
            "unit": self.unit,
            "stacked": self.stacked,
            "horizontal": self.horizontal,
        }

    def rows(self) -> list[tuple[str, list]]:
        """The table beside the chart: one row per label, one column per series."""
        return [(label, [s.data[i] for s in self.series]) for i, label in enumerate(self.labels)]
