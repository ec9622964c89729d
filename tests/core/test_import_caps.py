"""Finding 3 (XLSX dimension bomb): every spreadsheet is capped (rows, columns, unpacked size)
before it is read, and read in streaming mode; past a cap the file is refused whole with a
French message, quickly."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from openamo.core.tabular import Limits, TabularError, read_rows


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item.filename, data)
    return out.getvalue()


def declaring(content: bytes, ref: str) -> bytes:
    return rewrite_sheet(
        content,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml),
    )


def test_a_small_file_declaring_fifty_million_cells_is_refused_at_once():
    bomb = declaring(xlsx([["code", "valeur"], ["C", 80]]), "A1:ALL50000")
    assert len(bomb) < 10_000
    started = time.perf_counter()
    with pytest.raises(TabularError, match="déclare 50000 lignes × 1000 colonnes"):
        read_rows("bomb.xlsx", bomb)
    assert time.perf_counter() - started < 1


def test_a_lying_dimension_does_not_make_the_reader_pad_millions_of_cells():
    """No dimension, one cell far away: the streaming read is bounded by the caps."""

    def far_cell(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        far = b'<row r="900000"><c r="ALL900000" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    bomb = rewrite_sheet(xlsx([["code", "valeur"], ["C", 80]]), far_cell)
    started = time.perf_counter()
    with pytest.raises(TabularError, match="colonnes|lignes"):
        read_rows("bomb.xlsx", bomb, limits=Limits(rows=1000, columns=20))
    assert time.perf_counter() - started < 2


def test_rows_past_the_cap_are_refused():
    content = xlsx([["code"], *[[f"C{i}"] for i in range(11)]])
    with pytest.raises(TabularError, match="10 lignes"):
        read_rows("x.xlsx", content, limits=Limits(rows=10))
    columns, rows = read_rows("x.xlsx", content, limits=Limits(rows=11))
    assert len(rows) == 11


def test_csv_rows_and_columns_are_capped_too():
    with pytest.raises(TabularError, match="dépasse 2 lignes"):
        read_rows("x.csv", b"code\nA\nB\nC\n", limits=Limits(rows=2))
    with pytest.raises(TabularError, match="3 colonnes dans l'en-tête : au plus 2"):
        read_rows("x.csv", b"a,b,c\n1,2,3\n", limits=Limits(columns=2))


def test_unpacked_size_is_checked_before_reading():
    """Shared strings of 2 MB zipped to a few KB."""
    content = xlsx([["code", "libelle"], *[[f"C{i}", "x" * 10_000 + str(i)] for i in range(200)]])
    assert len(content) < 100_000
    with pytest.raises(TabularError, match="trop volumineux une fois décompressé"):
        read_rows("x.xlsx", content, limits=Limits(bytes=1_000_000))


def test_file_size_is_capped():
    with pytest.raises(TabularError, match="fichier trop volumineux"):
        read_rows("x.csv", b"code\n" + b"A\n" * 1000, limits=Limits(bytes=1000))


def test_caps_come_from_the_settings(settings):
    settings.OPENAMO_IMPORT_MAX_ROWS = 1
    with pytest.raises(TabularError, match="dépasse 1 lignes"):
        read_rows("x.csv", b"code\nA\nB\n")


def test_not_a_zip_is_a_clear_error():
    with pytest.raises(TabularError, match="classeur XLSX illisible"):
        read_rows("x.xlsx", b"not a zip at all")


def test_a_far_row_without_a_dimension_is_refused_before_reading():
    def far_row(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        far = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>arrow x</t></is></c></row>'
        return xml.replace(b"</sheetData>", far + b"</sheetData>")

    bomb = rewrite_sheet(xlsx([["code", "valeur"], ["C", 80]]), far_row)
    started = time.perf_counter()
    with pytest.raises(TabularError, match="dépasse 1000 lignes"):
        read_rows("bomb.xlsx", bomb, limits=Limits(rows=1000, columns=20))
    assert time.perf_counter() - started < 1
