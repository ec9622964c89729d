"""tabular.py: CSV and XLSX files read as text rows keyed by column, with real line numbers."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from openamo.core.tabular import Row, TabularError, read_file, read_rows


def csv(text: str) -> bytes:
    return text.encode("utf-8")


# --- CSV -------------------------------------------------------------------------------------


def test_comma_separated():
    columns, rows = read_rows("x.csv", csv("code,nom,valeur\nC,Consultation,80\nK,Acte,22.50\n"))
    assert columns == ["code", "nom", "valeur"]
    assert rows == [
        Row(2, {"code": "C", "nom": "Consultation", "valeur": "80"}),
        Row(3, {"code": "K", "nom": "Acte", "valeur": "22.50"}),
    ]


def test_semicolon_separated_keeps_french_decimals():
    columns, rows = read_rows("x.csv", csv("code;valeur;libelle\nK;22,50;Acte, technique\n"))
    assert columns == ["code", "valeur", "libelle"]
    assert rows[0].values == {"code": "K", "valeur": "22,50", "libelle": "Acte, technique"}


def test_header_is_trimmed_and_lower_cased_and_cells_trimmed():
    columns, rows = read_rows("x.csv", csv(" Code , NOM \n  C ,  Consultation  \n"))
    assert columns == ["code", "nom"]
    assert rows[0].values == {"code": "C", "nom": "Consultation"}


def test_quoted_cells_keep_their_separator():
    _, rows = read_rows("x.csv", csv('code,nom\nC,"Consultation, cabinet"\n'))
    assert rows[0].values["nom"] == "Consultation, cabinet"


def test_utf8_bom_and_crlf():
    content = "\ufeffcode;nom\r\nC;Médecin généraliste\r\n".encode()
    assert content.startswith(b"\xef\xbb\xbf")
    columns, rows = read_rows("x.csv", content)
    assert columns == ["code", "nom"]
    assert rows == [Row(2, {"code": "C", "nom": "Médecin généraliste"})]


def test_comment_and_blank_lines_are_skipped_but_lines_keep_their_number():
    text = (
        "# Source : TNR, arrêté du 2006\n"  # 1
        "# seconde ligne de commentaire\n"  # 2
        "code,valeur\n"  # 3
        "C,80\n"  # 4
        "\n"  # 5
        "# commentaire au milieu\n"  # 6
        ",\n"  # 7: only empty cells
        "K,22.50\n"  # 8
    )
    columns, rows = read_rows("x.csv", csv(text))
    assert columns == ["code", "valeur"]
    assert [(r.line, r.values["code"]) for r in rows] == [(4, "C"), (8, "K")]


def test_missing_trailing_cells_are_empty():
    _, rows = read_rows("x.csv", csv("a,b,c\n1\n"))
    assert rows[0].values == {"a": "1", "b": "", "c": ""}


def test_empty_extra_cells_are_tolerated():
    _, rows = read_rows("x.csv", csv("a,b\n1,2,,  \n"))
    assert rows[0].values == {"a": "1", "b": "2"}


def test_extra_cells_beyond_the_header_name_the_line():
    with pytest.raises(TabularError) as err:
        read_rows("x.csv", csv("# commentaire\na,b\n1,2\n3,4,5\n"))
    assert str(err.value) == "ligne 4 : plus de cellules que de colonnes dans l'en-tête"


def test_non_utf8_is_refused_in_french():
    with pytest.raises(TabularError) as err:
        read_rows("x.csv", "code;nom\nC;Médecin\n".encode("latin-1"))
    assert str(err.value) == "le fichier CSV doit être encodé en UTF-8"


@pytest.mark.parametrize("content", [b"", b"# rien que des commentaires\n# encore\n"])
def test_empty_csv(content):
    with pytest.raises(TabularError, match="le fichier est vide"):
        read_rows("x.csv", content)


def test_header_only_gives_no_rows():
    assert read_rows("x.csv", csv("a,b\n")) == (["a", "b"], [])


@pytest.mark.parametrize("name", ["X.CSV", "liste.txt", "Liste.TXT"])
def test_csv_extensions(name):
    assert read_rows(name, csv("a\n1\n"))[1] == [Row(2, {"a": "1"})]


@pytest.mark.parametrize("name", ["x.ods", "x.xls", "x.json", "csv", "x.csv.gz"])
def test_unsupported_extension_is_refused(name):
    with pytest.raises(TabularError) as err:
        read_rows(name, csv("a\n1\n"))
    assert str(err.value) == f"format non pris en charge : {name} (CSV ou XLSX attendu)"


def test_quoted_cell_with_a_line_break():
    _, rows = read_rows("x.csv", csv('code,description\nA,"ligne un\nligne deux"\nB,simple\n'))
    assert [r.values["description"] for r in rows] == ["ligne un\nligne deux", "simple"]
    assert [r.line for r in rows] == [2, 4]


def test_read_file(tmp_path):
    path = tmp_path / "regimes.csv"
    path.write_bytes(csv("code;nom\ncnops;CNOPS\n"))
    assert read_file(path) == (["code", "nom"], [Row(2, {"code": "cnops", "nom": "CNOPS"})])
    with pytest.raises(TabularError, match="fichier introuvable"):
        read_file(tmp_path / "absent.csv")


# --- XLSX ------------------------------------------------------------------------------------


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_come_back_as_text():
    content = xlsx(
        (
            "Feuil1",
            [
                ["Code", "Valeur", "Taux", "Entier", "Du", "Le", "Actif", "Inactif", "Vide"],
                [
                    "C",
                    22.5,
                    80,
                    80.0,
                    date(2026, 1, 1),
                    datetime(2013, 8, 1, 0, 0),
                    True,
                    False,
                    None,
                ],
                [
                    "K",
                    0.1,
                    1250,
                    1.85,
                    date(2006, 12, 31),
                    datetime(2020, 2, 29, 13, 45),
                    True,
                    False,
                    "  x  ",
                ],
            ],
        )
    )
    columns, rows = read_rows("tarifs.xlsx", content)
    assert columns == ["code", "valeur", "taux", "entier", "du", "le", "actif", "inactif", "vide"]
    assert rows[0] == Row(
        2,
        {
            "code": "C",
            "valeur": "22.5",
            "taux": "80",
            "entier": "80",
            "du": "2026-01-01",
            "le": "2013-08-01",
            "actif": "oui",
            "inactif": "non",
            "vide": "",
        },
    )
    assert rows[1].values["valeur"] == "0.1"
    assert rows[1].values["taux"] == "1250"
    assert rows[1].values["entier"] == "1.85"
    assert rows[1].values["le"] == "2020-02-29"
    assert rows[1].values["vide"] == "x"
    # the text parses back to the exact decimal
    assert Decimal(rows[0].values["valeur"]) == Decimal("22.50")


def test_xlsx_comments_and_blank_rows_keep_spreadsheet_line_numbers():
    content = xlsx(
        (
            "Feuil1",
            [
                ["# Source : arrêté"],  # 1
                ["code", "valeur"],  # 2
                ["C", 80],  # 3
                [None, None],  # 4
                ["# note"],  # 5
                ["K", 22.5],  # 6
            ],
        )
    )
    columns, rows = read_rows("x.XLSX", content)
    assert columns == ["code", "valeur"]
    assert [(r.line, r.values) for r in rows] == [
        (3, {"code": "C", "valeur": "80"}),
        (6, {"code": "K", "valeur": "22.5"}),
    ]


def test_xlsx_named_sheet():
    content = xlsx(("Notes", [["texte"], ["rien"]]), ("Tarifs", [["code"], ["B"]]))
    assert read_rows("x.xlsx", content)[0] == ["texte"]
    assert read_rows("x.xlsx", content, sheet="Tarifs") == (["code"], [Row(2, {"code": "B"})])


def test_xlsx_extra_cells_name_the_line():
    content = xlsx(("Feuil1", [["a", "b"], [1, 2], [3, 4, 5]]))
    with pytest.raises(TabularError, match="^ligne 3 : plus de cellules"):
        read_rows("x.xlsx", content)


def test_xlsx_empty_sheet():
    with pytest.raises(TabularError, match="le fichier est vide"):
        read_rows("x.xlsx", xlsx(("Feuil1", [])))


def test_unreadable_xlsx():
    with pytest.raises(TabularError, match="^classeur XLSX illisible : "):
        read_rows("x.xlsx", b"code,nom\nC,Consultation\n")
