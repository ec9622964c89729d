"""Lists that sort, paginate and export the same rows to CSV and XLSX.

A view declares its columns once (`Listing`), hands over its filtered rows (a queryset, or a
list for a computed table) and calls `listing.respond(request, rows, template, context)`: with
`?export=csv` or `?export=xlsx` the whole filtered list comes back as a file in the order asked,
otherwise the page renders with `page`, `listing` (the headers, each with its sort link),
`sort`, `page_query` and `export_csv_url` / `export_xlsx_url`. The filters of the page travel
in the sort, page and export links.

Sorting is by the column keys only (`?tri=key` or `?tri=-key`): an unknown key falls back to
the default and nothing a user types reaches `order_by`. A column sorts on the ORM fields it
names (`"-field"` inverts that field); rows without a value come last in both directions on
every database, and the listing's tie-breaker (`pk`) makes the order total, so pages neither
repeat nor skip a row. Templates render the header with `portal/_list_header.html`, the
buttons with `portal/_list_exports.html` and the pager with `portal/_list_pager.html`; the
header takes `lead` (a first column before the listed ones, e.g. a checkbox) and `trail` (a last
one, e.g. links) when the page has them: `{% include "portal/_list_header.html" with trail="" %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.shortcuts import render

from . import exports
from .exports import XLSX_TYPE, csv_cell  # noqa: F401  (part of the module's interface)

SORT_PARAM = "tri"
EXPORT_PARAM = "export"
PAGE_PARAM = "page"


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header and the sort key in the address
    label: str  # the French header a user reads
    value: Callable[[Any], Any]  # the cell, from one row (Decimal, date, int, text or None)
    sort: tuple[str, ...] = ()  # ORM fields to order by; empty: the column does not sort
    numeric: bool = False  # right-aligned in the page
    in_page: bool = True  # False: in the exports only (the page shows it inside another cell)


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # the page sorted by this column ("" when it does not sort)
    direction: str  # "asc", "desc" or "" when the list is not sorted by this column


def _nullable(model, path: str) -> bool:
    """Whether an ORM path may hold NULL (an annotation or an unknown name: assume it may)."""
    for name in path.split("__"):
        try:
            model_field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except (FieldDoesNotExist, AttributeError):
            return True
        if model_field.null or model_field.many_to_many or model_field.one_to_many:
            return True
        model = model_field.related_model
    return False


def _order(model, name: str, descending: bool):
    field_name = name.lstrip("-")
    descending = descending != name.startswith("-")
    if not _nullable(model, field_name):
        return f"-{field_name}" if descending else field_name
    expression = F(field_name)
    return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)


def _sorted_list(rows, column: Column, descending: bool) -> list:
    """A computed table in memory: by the column's value, empty cells last, stable."""
    rows = list(rows)
    present = [r for r in rows if column.value(r) is not None]
    missing = [r for r in rows if column.value(r) is None]
    return sorted(present, key=column.value, reverse=descending) + missing


@dataclass(frozen=True)
class Listing:
    name: str  # the exported file's stem, e.g. "dossiers"
    columns: tuple[Column, ...]
    default_sort: str  # a column key, "-" first for descending
    per_page: int = 25
    sheet: str = "Liste"
    tie_breaker: tuple[str, ...] = field(default=("pk",))

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key and c.sort), None)

    def sort_of(self, request) -> str:
        asked = request.GET.get(SORT_PARAM, "")
        key = asked[1:] if asked.startswith("-") else asked
        return asked if key and self.column(key) else self.default_sort

    def sorted(self, rows, sort: str):
        descending = sort.startswith("-")
        column = self.column(sort.lstrip("-"))
        if not isinstance(rows, QuerySet):
            return _sorted_list(rows, column, descending) if column else list(rows)
        model = rows.model
        if column is None:
            if rows.ordered:
                return rows
            return rows.order_by(*(_order(model, t, False) for t in self.tie_breaker))
        fields = [_order(model, name, descending) for name in column.sort]
        return rows.order_by(*fields, *(_order(model, t, descending) for t in self.tie_breaker))

    def _query(self, request):
        query = request.GET.copy()
        query.pop(PAGE_PARAM, None)
        query.pop(EXPORT_PARAM, None)
        return query

    def headers(self, request, sort: str) -> list[Header]:
        query = self._query(request)
        current, descending = sort.lstrip("-"), sort.startswith("-")
        out = []
        for column in self.columns:
            if not column.in_page:
                continue
            if not column.sort:
                out.append(Header(column, "", ""))
                continue
            here = column.key == current
            query[SORT_PARAM] = f"-{column.key}" if here and not descending else column.key
            direction = ("desc" if descending else "asc") if here else ""
            out.append(Header(column, "?" + query.urlencode(), direction))
        return out

    def export(self, rows, fmt: str):
        if fmt == "csv":
            return exports.csv_response(stem=self.name, columns=self.columns, rows=rows)
        return exports.xlsx_response(
            stem=self.name, sheet_name=self.sheet, columns=self.columns, rows=rows
        )

    def respond(
        self,
        request,
        rows,
        template: str,
        context: dict | None = None,
        *,
        on_page: Callable[[list], Any] | None = None,
    ):
        """The page, or the file asked by `?export=`. `on_page` receives the rows of the page
        (a list) before it renders, e.g. to attach what the template shows beside them."""
        sort = self.sort_of(request)
        rows = self.sorted(rows, sort)
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt in ("csv", "xlsx"):
            return self.export(rows, fmt)
        base = self._query(request).urlencode()
        prefix = f"?{base}&" if base else "?"
        page = Paginator(rows, self.per_page).get_page(request.GET.get(PAGE_PARAM))
        if on_page is not None:
            page.object_list = list(page.object_list)
            on_page(page.object_list)
        context = dict(context or {})
        context.update(
            page=page,
            listing=self.headers(request, sort),
            sort=sort,
            page_query=base,
            export_csv_url=f"{prefix}{EXPORT_PARAM}=csv",
            export_xlsx_url=f"{prefix}{EXPORT_PARAM}=xlsx",
        )
        return render(request, template, context)


def csv_response(listing: Listing, rows):
    return listing.export(rows, "csv")


def xlsx_response(listing: Listing, rows):
    return listing.export(rows, "xlsx")
