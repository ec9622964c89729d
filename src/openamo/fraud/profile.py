"""Pure helpers of the 360° views: care categories, monthly pivots, peer positions. No Django.

The selectors aggregate in SQL (a handful of GROUP BY queries per page); these functions turn
those few rows into what the pages show, and are tested on plain values.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")

# The 360° view's categories (seed 001): code → French label, in display order.
CATEGORIES: dict[str, str] = {
    "hospital": "Hospitalisations",
    "medicine": "Médicaments",
    "radiology": "Radiologie et imagerie",
    "exploration": "Explorations",
    "biology": "Biologie",
    "dental": "Soins dentaires",
    "oncology": "Séances d'oncologie",
    "dialysis": "Séances de dialyse",
    "cardiology": "Cardiologie",
    "device": "Dispositifs médicaux",
    "optics": "Optique",
    "consultation": "Consultations et visites",
    "other": "Autres actes (techniques, paramédicaux)",
}
HOSPITAL_CATEGORIES = {"hospitalisation", "surgery", "intensive_care"}
KIND_CATEGORY = {
    "oncology_centre": "oncology",
    "dialysis_centre": "dialysis",
    "laboratory": "biology",
    "radiology": "radiology",
    "dentist": "dental",
    "optician": "optics",
    "pharmacy": "medicine",
}
GRID_CATEGORY = {4: "exploration", 5: "oncology", 6: "dialysis", 2: "hospital", 3: "hospital"}
SAME_NAME = {"medicine", "radiology", "biology", "dental", "oncology", "dialysis", "optics"}


def category_of(
    *,
    care_category: str = "",
    line_kind: str = "",
    forfait_grid: int | None = None,
    executor_kind: str = "",
    executor_specialty: str = "",
) -> str:
    """The 360° category of a line, from the adjudicated care category, the line kind, the TNR
    grid of a forfait and the executor's kind and specialty (in that order of trust)."""
    if care_category in ("oncology", "dialysis"):
        return care_category
    if forfait_grid in GRID_CATEGORY:
        return GRID_CATEGORY[forfait_grid]
    if care_category in HOSPITAL_CATEGORIES:
        return "hospital"
    if care_category == "device" or line_kind == "device":
        return "optics" if care_category == "optics" else "device"
    if care_category in SAME_NAME:
        return care_category
    if line_kind == "medicine":
        return "medicine"
    if executor_kind in KIND_CATEGORY:
        return KIND_CATEGORY[executor_kind]
    if executor_specialty == "cardiology":
        return "cardiology"
    if care_category == "consultation" or executor_kind in ("gp", "specialist"):
        return "consultation"
    return "other"


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_range(first: date, last: date) -> list[date]:
    """Every month from `first`'s to `last`'s, both included."""
    months, current, end = [], month_start(first), month_start(last)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def month_label(month: date) -> str:
    return f"{month:%m/%Y}"


@dataclass
class Pivot:
    """Values per key per month, every month present (zeros where nothing happened)."""

    months: list[date]
    rows: dict[str, list] = field(default_factory=dict)

    def total(self, key: str):
        return sum(self.rows[key])


def pivot(cells: Iterable[tuple[date, str, Decimal | int]], *, zero=0) -> Pivot:
    """(month, key, value) cells → a Pivot over the months from the first to the last seen."""
    cells = [(month_start(m), k, v) for m, k, v in cells]
    if not cells:
        return Pivot([], {})
    months = month_range(min(c[0] for c in cells), max(c[0] for c in cells))
    index = {m: i for i, m in enumerate(months)}
    rows: dict[str, list] = {}
    for month, key, value in cells:
        row = rows.setdefault(key, [zero] * len(months))
        row[index[month]] += value
    return Pivot(months, dict(sorted(rows.items(), key=lambda kv: -sum(kv[1]))))


@dataclass(frozen=True)
class CategoryTotals:
    code: str
    lines: int
    quantity: Decimal
    charged: Decimal
    base: Decimal
    reimbursed: Decimal
    months_active: int
    per_year: Decimal  # lines per year over the span observed

    @property
    def label(self) -> str:
        return CATEGORIES[self.code]


@dataclass
class _Acc:
    lines: int = 0
    quantity: Decimal = ZERO
    charged: Decimal = ZERO
    base: Decimal = ZERO
    reimbursed: Decimal = ZERO
    months: set = field(default_factory=set)


def category_totals(rows: Iterable[dict], *, span_months: int) -> list[CategoryTotals]:
    """Rows with category, month, lines, quantity, charged, base, reimbursed → one total per
    category with its frequency (lines per year over `span_months`)."""
    acc: dict[str, _Acc] = {}
    for row in rows:
        a = acc.setdefault(row["category"], _Acc())
        a.lines += row["lines"]
        a.quantity += row["quantity"] or ZERO
        a.charged += row["charged"] or ZERO
        a.base += row["base"] or ZERO
        a.reimbursed += row["reimbursed"] or ZERO
        a.months.add(month_start(row["month"]))
    years = Decimal(max(span_months, 1)) / Decimal(12)
    order = list(CATEGORIES)
    return [
        CategoryTotals(
            code,
            a.lines,
            a.quantity,
            a.charged,
            a.base,
            a.reimbursed,
            len(a.months),
            (Decimal(a.lines) / years).quantize(Decimal("0.1")),
        )
        for code, a in sorted(acc.items(), key=lambda kv: order.index(kv[0]))
    ]


def median(values: Sequence[Decimal | int | float]):
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile_rank(value, values: Sequence) -> int | None:
    """Share (0-100) of the values at or below `value`: 100 = the highest of its peers."""
    if not values:
        return None
    at_or_below = sum(1 for v in values if v <= value)
    return round(100 * at_or_below / len(values))


def repeat_rate(visits_per_patient: Sequence[int]) -> Decimal:
    """Share (%) of patients seen on more than one day."""
    if not visits_per_patient:
        return ZERO
    repeat = sum(1 for n in visits_per_patient if n > 1)
    return (Decimal(100) * repeat / len(visits_per_patient)).quantize(Decimal("0.1"))


def with_shares(rows: list[dict], *, key: str = "lines") -> list[dict]:
    """Add `share` (% of the total of `key`) to each row."""
    total = sum(r[key] for r in rows) or 1
    return [{**r, "share": (Decimal(100) * r[key] / total).quantize(Decimal("0.1"))} for r in rows]
