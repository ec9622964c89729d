"""Read a CSV or XLSX file into rows of text keyed by column name, with their line numbers.

CSV: UTF-8 (with or without BOM), separator `,` or `;` detected from the header; lines starting
with `#` are comments (sample files carry their sources there). XLSX: the first sheet, or the
one named. Cells are given back as text so one validation path serves both formats.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path


class TabularError(ValueError):
    """The file itself cannot be read (format, encoding, missing header)."""


@dataclass(frozen=True)
class Row:
    line: int  # as a spreadsheet shows it: the header is line 1
    values: dict[str, str]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(Decimal(repr(value)).normalize()) if value != int(value) else str(int(value))
    return str(value).strip()


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the file line they start on; quoted cells may span lines."""
    first = next((line for line in text.splitlines() if line and not line.startswith("#")), None)
    if first is None:
        raise TabularError("le fichier est vide")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if not (cells and cells[0].startswith("#")):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TabularError(f"ligne {start} : CSV mal formé ({exc})") from exc


def _xlsx_rows(content: bytes, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types
        raise TabularError(f"classeur XLSX illisible : {exc}") from exc
    if sheet and sheet not in book.sheetnames:
        raise TabularError(f"feuille « {sheet} » absente du classeur")
    ws = book[sheet] if sheet else book.worksheets[0]
    for n, cells in enumerate(ws.iter_rows(values_only=True), 1):
        texts = [_cell_text(c) for c in cells]
        if texts and texts[0].startswith("#"):
            continue
        yield n, texts


def read_rows(name: str, content: bytes, sheet: str | None = None) -> tuple[list[str], list[Row]]:
    """The header (column names, lower-cased) and the non-empty data rows of a file."""
    if name.lower().endswith(".xlsx"):
        lines = _xlsx_rows(content, sheet)
    elif name.lower().endswith((".csv", ".txt")):
        try:
            lines = _csv_rows(content.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise TabularError("le fichier CSV doit être encodé en UTF-8") from exc
    else:
        raise TabularError(f"format non pris en charge : {name} (CSV ou XLSX attendu)")
    lines = iter(lines)
    try:
        _, header = next(lines)
    except StopIteration as exc:
        raise TabularError("le fichier est vide") from exc
    while header and not str(header[-1]).strip():
        header = header[:-1]  # XLSX pads rows to the sheet's width
    columns = [h.strip().lower() for h in header]
    rows = []
    for n, cells in lines:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise TabularError(f"ligne {n} : plus de cellules que de colonnes dans l'en-tête")
        values = {
            col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)
        }
        rows.append(Row(n, values))
    return columns, rows


def read_file(path: str | Path, sheet: str | None = None) -> tuple[list[str], list[Row]]:
    path = Path(path)
    if not path.exists():
        raise TabularError(f"fichier introuvable : {path}")
    return read_rows(path.name, path.read_bytes(), sheet)
