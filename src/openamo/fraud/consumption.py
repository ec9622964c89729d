"""Set-wise reads of consumption shared by the family and provider 360° views.

Everything is aggregated in SQL (GROUP BY month, category, code, INPE) over the latest
statement of each claim, then categorised in Python on the few rows that come back.
"""

from django.db.models import Count, Exists, F, Max, Min, OuterRef, QuerySet, Sum
from django.db.models.functions import TruncMonth

from openamo.claims.models import ClaimLine, Statement, StatementLine
from openamo.referentials.models import Provider, TariffForfait

from .profile import category_of


def latest_statement_lines() -> QuerySet[StatementLine]:
    """Lines of the statement in force of each claim (no later version exists)."""
    newer = Statement.objects.filter(
        claim_id=OuterRef("statement__claim_id"), version__gt=OuterRef("statement__version")
    )
    return StatementLine.objects.filter(~Exists(newer))


def consumption_rows(lines: QuerySet[StatementLine]) -> list[dict]:
    """Adjudicated consumption grouped by month, care category, line kind, forfait code and
    executor: counts and amounts (charged, base, reimbursed)."""
    return list(
        lines.annotate(month=TruncMonth("claim_line__care_date"))
        .values(
            "month",
            "care_category",
            kind=F("claim_line__kind"),
            code=F("claim_line__code"),
            executor=F("claim_line__executor_inpe"),
        )
        .annotate(
            lines=Count("id"),
            quantity=Sum("claim_line__quantity"),
            charged=Sum("charged"),
            base=Sum("base"),
            reimbursed=Sum("reimbursed"),
        )
        .order_by()
    )


def providers_by_inpe(inpes) -> dict[str, Provider]:
    inpes = {i for i in inpes if i}
    if not inpes:
        return {}
    return {
        p.inpe: p for p in Provider.objects.filter(inpe__in=inpes).select_related("city__region")
    }


def categorise(rows: list[dict], providers: dict[str, Provider] | None = None) -> list[dict]:
    """Add `category` to each consumption row (one query for the forfaits' grids)."""
    providers = (
        providers if providers is not None else providers_by_inpe(r["executor"] for r in rows)
    )
    forfait_codes = {r["code"] for r in rows if r["kind"] == "forfait"}
    grids = (
        dict(TariffForfait.objects.filter(code__in=forfait_codes).values_list("code", "grid"))
        if forfait_codes
        else {}
    )
    for row in rows:
        executor = providers.get(row["executor"])
        row["category"] = category_of(
            care_category=row["care_category"],
            line_kind=row["kind"],
            forfait_grid=grids.get(row["code"]) if row["kind"] == "forfait" else None,
            executor_kind=executor.kind if executor else "",
            executor_specialty=executor.specialty if executor else "",
        )
        row["month"] = row["month"].date() if hasattr(row["month"], "date") else row["month"]
    return rows


def medicine_boxes(lines: QuerySet[ClaimLine]) -> list[dict]:
    """Boxes of medicine per EAN per month."""
    return list(
        lines.filter(kind="medicine")
        .annotate(month=TruncMonth("care_date"))
        .values("month", "code")
        .annotate(boxes=Sum("quantity"))
        .order_by()
    )


def people_rows(lines: QuerySet[ClaimLine], *, role: str) -> list[dict]:
    """Per prescriber (role="prescriber_inpe") or executor INPE: lines, claims, first and last
    day (every line, adjudicated or not)."""
    return list(
        lines.exclude(**{role: ""})
        .values(inpe=F(role))
        .annotate(
            lines=Count("id"),
            claims=Count("claim_id", distinct=True),
            first=Min("care_date"),
            last=Max("care_date"),
        )
        .order_by("-lines")
    )
