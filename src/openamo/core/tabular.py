"""Read a CSV or XLSX file into rows of text keyed by column name, with their line numbers.

CSV: UTF-8 (with or without BOM), separator `,` or `;` detected from the header; lines starting
with `#` are comments (sample files carry their sources there). XLSX: the first sheet, or the
one named. Cells are given back as text so one validation path serves both formats.

Every file is capped before it is read (`Limits`, from the settings `OPENAMO_IMPORT_MAX_ROWS`,
`OPENAMO_IMPORT_MAX_COLUMNS`, `OPENAMO_IMPORT_MAX_BYTES`): an XLSX is a zip whose members
declare their uncompressed size and whose sheets declare their dimension, both checked first;
the sheet is then streamed (openpyxl read-only) with the reading bounded by the caps, so a
small file declaring millions of cells is refused at once instead of keeping a worker busy.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path


class TabularError(ValueError):
    """The file itself cannot be read (format, encoding, missing header)."""


@dataclass(frozen=True)
class Limits:
    rows: int = 100_000  # data rows, header excluded
    columns: int = 100
    bytes: int = 50 * 1024 * 1024  # file size, and uncompressed size of an XLSX's members


def limits_configured() -> Limits:
    """The caps from the Django settings when they are configured, else the defaults."""
    try:
        from django.conf import settings

        return Limits(
            rows=settings.OPENAMO_IMPORT_MAX_ROWS,
            columns=settings.OPENAMO_IMPORT_MAX_COLUMNS,
            bytes=settings.OPENAMO_IMPORT_MAX_BYTES,
        )
    except Exception:  # settings not configured (a pure use) or caps not set
        return Limits()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")


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


DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _too_big(rows: int, columns: int, limits: Limits) -> str:
    return (
        f"le classeur déclare {rows} lignes × {columns} colonnes : au plus "
        f"{limits.rows} lignes de données et {limits.columns} colonnes sont acceptées"
    )


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _columns_beyond(cap: int) -> re.Pattern:
    """A cell reference (`<c r="XY12"`) whose column is past the cap, found by one scan."""
    cap_letters = _column_letters(cap)
    beyond = [f"[A-Z]{{{len(cap_letters) + 1},}}"]
    for i, letter in enumerate(cap_letters):
        if letter != "Z":
            rest = len(cap_letters) - i - 1
            beyond.append(f"{cap_letters[:i]}[{chr(ord(letter) + 1)}-Z][A-Z]{{{rest}}}")
    # only a cell's reference has letters in an r attribute (a row's r is a number)
    return re.compile(f'\\sr="(?:{"|".join(beyond)})\\d'.encode())


LAST_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def _sheet_check(xml: bytes, limits: Limits) -> None:
    found = DIMENSION.search(xml, 0, 4096)
    if found and found.group(3):
        rows, columns = int(found.group(4)), _column_number(found.group(3).decode())
        if rows > limits.rows + 1 or columns > limits.columns:
            raise TabularError(_too_big(rows, columns, limits))
    # rows come in order: the last row element is enough ("<" never appears in XML text)
    start = xml.rfind(b"<row ")
    if start < 0 and (prefixed := xml.rfind(b":row ")) > 0:
        start = xml.rfind(b"<", 0, prefixed)
    last = LAST_ROW.search(xml, max(start, 0))
    if last and int(last.group(1)) > limits.rows + 1:
        raise TabularError(_rows_capped(limits))
    if _columns_beyond(limits.columns).search(xml):
        raise TabularError(f"des cellules dépassent la colonne {limits.columns} (au plus)")


def xlsx_check(content: bytes, limits: Limits) -> None:
    """Refuse an XLSX whose members would unpack beyond the size cap, or whose sheets declare
    or hold more rows or columns than the caps, before a cell is parsed (one regex scan of
    each sheet, itself bounded by the size cap)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TabularError(f"classeur XLSX illisible : {exc}") from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.bytes or len(members) > 10_000:
        raise TabularError(
            f"classeur trop volumineux une fois décompressé ({_megabytes(unpacked)}) : "
            f"au plus {_megabytes(limits.bytes)}"
        )
    for member in members:
        if not member.filename.startswith("xl/worksheets/"):
            continue
        try:
            xml = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise TabularError(f"classeur XLSX illisible : {exc}") from exc
        _sheet_check(xml, limits)


def _xlsx_rows(
    content: bytes, sheet: str | None, limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    xlsx_check(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types
        raise TabularError(f"classeur XLSX illisible : {exc}") from exc
    if sheet and sheet not in book.sheetnames:
        raise TabularError(f"feuille « {sheet} » absente du classeur")
    ws = book[sheet] if sheet else book.worksheets[0]
    ws.reset_dimensions()  # a declared dimension is not trusted: read what is there, bounded
    cells_of = ws.iter_rows(max_row=limits.rows + 2, max_col=limits.columns + 1, values_only=True)
    try:
        for n, cells in enumerate(cells_of, 1):
            texts = [_cell_text(c) for c in cells] if any(c is not None for c in cells) else []
            if len(texts) > limits.columns and any(texts[limits.columns :]):
                raise TabularError(
                    f"ligne {n} : plus de {limits.columns} colonnes (au plus {limits.columns})"
                )
            if n > limits.rows + 1 and any(texts):
                raise TabularError(_rows_capped(limits))
            if texts and texts[0].startswith("#"):
                continue
            yield n, texts
    except TabularError:
        raise
    except Exception as exc:  # a damaged sheet part
        raise TabularError(f"classeur XLSX illisible : {exc}") from exc


def _rows_capped(limits: Limits) -> str:
    return f"le fichier dépasse {limits.rows} lignes de données : découpez-le en plusieurs fichiers"


def read_rows(
    name: str, content: bytes, sheet: str | None = None, limits: Limits | None = None
) -> tuple[list[str], list[Row]]:
    """The header (column names, lower-cased) and the non-empty data rows of a file, refused
    whole (TabularError) past the caps."""
    limits = limits or limits_configured()
    if len(content) > limits.bytes:
        raise TabularError(
            f"fichier trop volumineux ({_megabytes(len(content))}) : "
            f"au plus {_megabytes(limits.bytes)}"
        )
    if name.lower().endswith(".xlsx"):
        lines = _xlsx_rows(content, sheet, limits)
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
    if len(columns) > limits.columns:
        raise TabularError(f"{len(columns)} colonnes dans l'en-tête : au plus {limits.columns}")
    rows = []
    for n, cells in lines:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= limits.rows:
            raise TabularError(_rows_capped(limits))
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
