"""The rows of a list as a file: CSV for any tool, XLSX for a spreadsheet.

CSV: UTF-8 with a BOM, semicolons, decimal comma, ISO dates, the column keys as header; streamed
row by row so a list of any length goes out without being held in memory. XLSX: the column
labels in bold, amounts as numbers with two decimals, dates as dates. In both, a text that a
spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is kept as text.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


def _iterate(rows) -> Iterable:
    return rows.iterator(chunk_size=CHUNK) if hasattr(rows, "iterator") else rows


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _decimal(value) -> Decimal:
    """Amounts are Decimal; a float that slipped through is written as its shortest text."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def csv_cell(value) -> str:
    """Text a French spreadsheet reads as is: decimal comma, ISO dates, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (Decimal, float)):
        return f"{_decimal(value):.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(*, stem: str, columns, rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines():
        yield "\ufeff" + writer.writerow([c.key for c in columns])
        for row in _iterate(rows):
            yield writer.writerow([csv_cell(c.value(row)) for c in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "csv")}"'
    return response


def xlsx_value(value):
    """(value, number format) for one cell."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("oui" if value else "non"), None
    if isinstance(value, (Decimal, float)):
        return _decimal(value), "#,##0.00"
    if isinstance(value, datetime):
        return _local(value).replace(tzinfo=None), "dd/mm/yyyy hh:mm"
    if isinstance(value, date):
        return value, "dd/mm/yyyy"
    if isinstance(value, int):
        return value, None
    return str(value), None


def xlsx_response(*, stem: str, sheet_name: str, columns, rows) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31] or "Liste")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, 1):
        width = max(12, min(40, len(str(column.label)) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _iterate(rows):
        cells = []
        for column in columns:
            value, number_format = xlsx_value(column.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, "xlsx")}"'
    return response
