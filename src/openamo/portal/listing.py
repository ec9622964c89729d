"""Lists that sort, paginate and export the same rows to CSV and XLSX.

A view declares its columns once (`Listing`), hands over its filtered queryset and calls
`listing.respond(request, queryset, template, context)`: with `?export=csv` or `?export=xlsx`
the whole filtered list comes back as a file in the order asked, otherwise the page renders with
`page`, `listing` (the headers, each with its sort link) and `export_csv_url` / `export_xlsx_url`.
Sorting is by the column keys only (`?tri=key` or `?tri=-key`): nothing a user types reaches
`order_by`. Templates render the header with `{% include "portal/_list_header.html" %}` and the
buttons with `{% include "portal/_list_exports.html" %}`.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

SORT_PARAM = "tri"
EXPORT_PARAM = "export"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header and the sort key in the address
    label: str  # the French header a user reads
    value: Callable[[Any], Any]  # the cell, from one row (Decimal, date, int, text or None)
    sort: tuple[str, ...] = ()  # ORM fields to order by; empty: the column does not sort
    numeric: bool = False  # right-aligned in the page


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # the page sorted by this column ("" when it does not sort)
    direction: str  # "asc", "desc" or "" when the list is not sorted by this column


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
        return asked if self.column(asked.lstrip("-")) else self.default_sort

    def sorted(self, queryset, sort: str):
        column = self.column(sort.lstrip("-"))
        if column is None:
            return queryset
        sign = "-" if sort.startswith("-") else ""
        fields = [f"{sign}{name.lstrip('-')}" for name in column.sort]
        return queryset.order_by(*fields, *(f"{sign}{t}" for t in self.tie_breaker))

    def headers(self, request, sort: str) -> list[Header]:
        query = request.GET.copy()
        query.pop("page", None)
        query.pop(EXPORT_PARAM, None)
        out = []
        for column in self.columns:
            if not column.sort:
                out.append(Header(column, "", ""))
                continue
            current = sort.lstrip("-") == column.key
            descending = sort.startswith("-")
            query[SORT_PARAM] = f"-{column.key}" if current and not descending else column.key
            direction = ("desc" if descending else "asc") if current else ""
            out.append(Header(column, "?" + query.urlencode(), direction))
        return out

    def respond(self, request, queryset, template: str, context: dict | None = None):
        sort = self.sort_of(request)
        rows = self.sorted(queryset, sort)
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt == "csv":
            return csv_response(self, rows)
        if fmt == "xlsx":
            return xlsx_response(self, rows)
        query = request.GET.copy()
        query.pop("page", None)
        query.pop(EXPORT_PARAM, None)
        base = query.urlencode()
        context = dict(context or {})
        context.update(
            page=Paginator(rows, self.per_page).get_page(request.GET.get("page")),
            listing=self.headers(request, sort),
            sort=sort,
            page_query=base,
            export_csv_url=f"?{base}&{EXPORT_PARAM}=csv" if base else f"?{EXPORT_PARAM}=csv",
            export_xlsx_url=f"?{base}&{EXPORT_PARAM}=xlsx" if base else f"?{EXPORT_PARAM}=xlsx",
        )
        return render(request, template, context)


def _filename(listing: Listing, extension: str) -> str:
    return f"{listing.name}-{timezone.localdate():%Y%m%d}.{extension}"


def _iterate(rows) -> Iterable:
    return rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows


def csv_cell(value) -> str:
    """Text a French spreadsheet reads as is: decimal comma, ISO dates, empty for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(listing: Listing, rows) -> StreamingHttpResponse:
    """UTF-8 with BOM and semicolons, streamed: opens as is in a French spreadsheet."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow([c.key for c in listing.columns])
        for row in _iterate(rows):
            yield writer.writerow([csv_cell(c.value(row)) for c in listing.columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(listing, "csv")}"'
    return response


def _xlsx_cell(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or isinstance(value, (Decimal, date, int, str)):
        return value
    return str(value)


def xlsx_response(listing: Listing, rows) -> HttpResponse:
    """The first sheet holds the labels in bold, then one row per record; amounts are numbers
    with two decimals and dates are dates, so the sheet sums and filters."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(listing.sheet[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(listing.columns):
        letter = _letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.label) + 4))
    header = []
    for column in listing.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in _iterate(rows):
        cells = []
        for column in listing.columns:
            value = _xlsx_cell(column.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(listing, "xlsx")}"'
    return response


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
