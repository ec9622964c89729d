"""portal.listing: sort by whitelisted column keys, stable pages, exports of the whole filtered
list in the order shown (CSV for any tool, XLSX for a spreadsheet)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal as D
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from openpyxl import load_workbook

from openamo.members.models import Member
from openamo.portal.listing import Column, Listing
from tests.contributions.helpers import employer_make
from tests.members.helpers import member_make

LISTING = Listing(
    name="assures",
    sheet="Assurés",
    per_page=7,
    default_sort="nom",
    columns=(
        Column(
            "immatriculation",
            "Immatriculation",
            lambda m: m.registration_number,
            ("registration_number",),
        ),
        Column("nom", "Nom", lambda m: m.last_name, ("last_name", "first_name")),
        Column("naissance", "Né(e) le", lambda m: m.birth_date, ("birth_date",)),
        Column(
            "employeur",
            "Employeur",
            lambda m: m.employer.name if m.employer else None,
            ("employer__name",),
        ),
        Column("cotisation", "Cotisation", lambda m: D("1234.5") + m.pk, numeric=True),
        Column("statut", "Statut", lambda m: m.get_status_display()),
        Column("note", "Note", lambda m: "=1+1" if m.first_name == "F00" else m.first_name),
    ),
)


def _get(**params):
    return RequestFactory().get("/liste/", params)


@pytest.fixture
def members(cnops):
    office = employer_make(cnops, name="Office Z")
    bank = employer_make(cnops, name="Banque A")
    made = []
    for i in range(20):
        employer = (bank, office, None)[i % 3]
        made.append(
            member_make(
                cnops,
                cin=f"AB2000{i:02d}",
                last_name="Tazi" if i % 2 else "Alami",
                first_name=f"F{i:02d}",
                birth_date=date(1970 + i % 4, 1, 1),
                employer=employer,
            )
        )
    return made


def _queryset():
    return Member.objects.select_related("employer")


def _sorted(sort):
    return list(LISTING.sorted(_queryset(), sort))


# ---- the sort whitelist ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked", ["last_name", "-password", "--nom", "nom;drop", "cotisation", "statut", "", "-"]
)
def test_an_unknown_or_unsortable_key_falls_back_to_the_default(asked, members):
    assert LISTING.sort_of(_get(tri=asked)) == "nom"
    ordering = LISTING.sorted(_queryset(), LISTING.sort_of(_get(tri=asked))).query.order_by
    assert [str(o) for o in ordering] == ["last_name", "first_name", "pk"]


def test_a_column_key_sorts_on_its_fields_with_the_tie_breaker(members):
    assert LISTING.sort_of(_get(tri="-naissance")) == "-naissance"
    by_birth = _sorted("-naissance")
    assert [m.birth_date for m in by_birth] == sorted((m.birth_date for m in members), reverse=True)
    # equal birth dates come by descending pk: a total order
    same_day = [m.pk for m in by_birth if m.birth_date == date(1973, 1, 1)]
    assert same_day == sorted(same_day, reverse=True)
    names = [(m.last_name, m.first_name) for m in _sorted("nom")]
    assert names == sorted(names)


def test_empty_values_come_last_both_ways(members):
    ascending = [m.employer.name if m.employer else None for m in _sorted("employeur")]
    descending = [m.employer.name if m.employer else None for m in _sorted("-employeur")]
    assert ascending == ["Banque A"] * 7 + ["Office Z"] * 7 + [None] * 6
    assert descending == ["Office Z"] * 7 + ["Banque A"] * 7 + [None] * 6


def _page(sort, number):
    return Paginator(LISTING.sorted(_queryset(), sort), LISTING.per_page).page(number)


def test_pages_never_repeat_nor_skip_a_row(members):
    for sort in ("nom", "-nom", "naissance", "-employeur"):
        flat = [m.pk for number in range(1, 4) for m in _page(sort, number)]
        assert len(flat) == len(set(flat)) == 20, sort
        assert flat == [m.pk for m in _sorted(sort)]


# ---- headers, links and templates ------------------------------------------------------------


def _params(url):
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_headers_toggle_the_direction_and_keep_the_filters():
    request = _get(q="tazi", tri="nom", page="2")
    headers = {h.column.key: h for h in LISTING.headers(request, LISTING.sort_of(request))}
    assert headers["nom"].direction == "asc"
    assert _params(headers["nom"].url) == {"q": "tazi", "tri": "-nom"}
    assert _params(headers["naissance"].url) == {"q": "tazi", "tri": "naissance"}
    assert headers["naissance"].direction == ""
    assert headers["cotisation"].url == "" and headers["statut"].url == ""
    request = _get(q="tazi", tri="-nom")
    headers = {h.column.key: h for h in LISTING.headers(request, LISTING.sort_of(request))}
    assert headers["nom"].direction == "desc"
    assert _params(headers["nom"].url) == {"q": "tazi", "tri": "nom"}


def test_the_page_context_carries_filters_into_pages_and_exports(members, rf):
    request = rf.get("/liste/", {"q": "x y", "tri": "-naissance", "page": "2", "export": "pdf"})
    from unittest import mock

    with mock.patch("openamo.portal.listing.render") as render:
        LISTING.respond(request, _queryset(), "t.html", {"extra": 1})
    context = render.call_args.args[2]
    assert context["extra"] == 1 and context["sort"] == "-naissance"
    assert context["page"].number == 2 and len(context["page"]) == 7
    assert _params("?" + context["page_query"]) == {"q": "x y", "tri": "-naissance"}
    assert _params(context["export_csv_url"]) == {"q": "x y", "tri": "-naissance", "export": "csv"}
    assert _params(context["export_xlsx_url"])["export"] == "xlsx"
    html = render_to_string("portal/_list_header.html", context)
    assert 'aria-sort="descending"' in html and "Né(e) le ↓" in html
    assert "tri=naissance" in html and "q=x+y" in html
    pager = render_to_string("portal/_list_pager.html", context)
    assert "Page 2 sur 3 · 20 lignes" in pager
    assert "q=x+y&amp;tri=-naissance&amp;page=1" in pager and "page=3" in pager
    buttons = render_to_string("portal/_list_exports.html", context)
    assert "export=csv" in buttons and "Exporter en Excel" in buttons


# ---- exports ---------------------------------------------------------------------------------


def _csv(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_is_the_whole_filtered_list_in_the_order_asked(members):
    filtered = _queryset().filter(last_name="Tazi")
    request = _get(tri="-naissance", page="2", export="csv")
    response = LISTING.respond(request, filtered, "unused.html")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="assures-')
    rows = _csv(response)
    assert rows[0] == [
        "immatriculation",
        "nom",
        "naissance",
        "employeur",
        "cotisation",
        "statut",
        "note",
    ]
    expected = list(LISTING.sorted(filtered, "-naissance"))
    assert [r[0] for r in rows[1:]] == [m.registration_number for m in expected]
    assert len(rows) == 1 + 10
    first = expected[0]
    assert rows[1][2] == first.birth_date.isoformat()
    assert rows[1][4] == f"{D('1234.5') + first.pk:.2f}".replace(".", ",")
    assert rows[1][5] == first.get_status_display() == "Actif"
    no_employer = next(r for r, m in zip(rows[1:], expected, strict=True) if m.employer is None)
    assert no_employer[3] == ""


def test_csv_keeps_text_that_looks_like_a_formula_as_text(members):
    rows = _csv(LISTING.respond(_get(export="csv"), _queryset(), "unused.html"))
    notes = {r[6] for r in rows[1:]}
    assert "'=1+1" in notes and "=1+1" not in notes


def test_csv_is_streamed_chunk_by_chunk(members):
    response = LISTING.respond(_get(export="csv"), _queryset(), "unused.html")
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"\xef\xbb\xbfimmatriculation;")
    assert len(list(chunks)) == 20  # one line per row, produced as the rows are read


def test_xlsx_reads_back_with_numbers_dates_and_bold_labels(members):
    response = LISTING.respond(_get(tri="immatriculation", export="xlsx"), _queryset(), "x.html")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Assurés"]
    header = [c for c in sheet[1]]
    assert [c.value for c in header] == [
        "Immatriculation",
        "Nom",
        "Né(e) le",
        "Employeur",
        "Cotisation",
        "Statut",
        "Note",
    ]
    assert all(c.font.bold for c in header)
    ordered = list(LISTING.sorted(_queryset(), "immatriculation"))
    assert sheet.max_row == 21
    second = sheet[2]
    assert second[0].value == ordered[0].registration_number
    assert second[2].value == datetime.combine(ordered[0].birth_date, datetime.min.time())
    assert second[2].number_format == "dd/mm/yyyy"
    assert D(str(second[4].value)) == D("1234.5") + ordered[0].pk
    assert second[4].data_type == "n" and second[4].number_format == "#,##0.00"
    notes = [sheet.cell(row=r, column=7) for r in range(2, 22)]
    formula_like = next(c for c in notes if c.value == "=1+1")
    assert formula_like.data_type == "s"


# ---- computed tables (lists in memory) -------------------------------------------------------


@dataclass
class Row:
    name: str
    amount: D | None


TABLE = Listing(
    name="table",
    default_sort="-montant",
    columns=(
        Column("nom", "Nom", lambda r: r.name, ("name",)),
        Column("montant", "Montant", lambda r: r.amount, ("amount",), numeric=True),
    ),
)


def test_a_list_in_memory_sorts_by_the_cell_with_empty_cells_last():
    rows = [Row("b", D("2.00")), Row("a", None), Row("c", D("10.00")), Row("d", D("2.00"))]
    assert [r.name for r in TABLE.sorted(rows, "-montant")] == ["c", "b", "d", "a"]
    assert [r.name for r in TABLE.sorted(rows, "montant")] == ["b", "d", "c", "a"]
    assert [r.name for r in TABLE.sorted(rows, "-nom")] == ["d", "c", "b", "a"]
    exported = _csv(TABLE.respond(_get(export="csv", tri="nom"), rows, "x.html"))
    assert exported == [["nom", "montant"], ["a", ""], ["b", "2,00"], ["c", "10,00"], ["d", "2,00"]]


def test_a_column_kept_for_the_exports_is_not_in_the_page():
    listing = Listing(
        name="x",
        default_sort="nom",
        columns=(
            Column("nom", "Nom", lambda r: r.name, ("name",)),
            Column("code", "Code", lambda r: r.name.upper(), ("name",), in_page=False),
        ),
    )
    assert [h.column.key for h in listing.headers(_get(), "nom")] == ["nom"]
    exported = _csv(listing.respond(_get(export="csv"), [Row("a", None)], "x.html"))
    assert exported == [["nom", "code"], ["a", "A"]]
