"""Fuzzed importers: hypothesis builds bad files for every importer (referentials, declarations,
claim JSON Lines, bank returns, the complementary insurers' base-fund flow files). Every bad file is refused whole, with the bad line named, and
nothing is stored; no file, however broken, raises. The size and dimension caps hold for any
declared extent. Example counts stay modest so the suite stays fast."""

import hashlib
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openamo.claims.intake import claims_intake
from openamo.claims.models import Claim
from openamo.claims.selectors import statement_get
from openamo.complementary.flows import flow_file_import
from openamo.complementary.models import ComplementaryStatement, FlowFile, Movement
from openamo.contributions.models import Declaration
from openamo.contributions.services import declaration_import
from openamo.core.tabular import Limits, TabularError, read_rows
from openamo.payments import services as payments
from openamo.payments.models import OrderStatus, PaymentOrder
from openamo.referentials.models import LetterKey, LetterKeyValue
from openamo.referentials.services import referential_import
from tests.authorizations.conftest import _fresh_tariffs, fund  # noqa: F401
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover
from tests.contributions.helpers import HEADER, employer_make, member_make
from tests.core.test_import_caps import declaring, xlsx
from tests.payments.builders import TODAY, officer, payer_create
from tests.payments.test_services import families, prepare  # noqa: F401

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GARBAGE = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
HUGE = ["1e30", "NaN", "Infinity", "-Infinity", "9" * 40, "1e-30"]


@pytest.fixture(autouse=True)
def _today(frozen_day):
    """The payments builders (bank returns) work on the fixed test day, whatever the clock."""
    return frozen_day


def bad_line(lines: list[str], pick: int, column: int, value: str, sep: str) -> list[str]:
    cells = lines[pick].split(sep)
    cells[column] = value
    return [*lines[:pick], sep.join(cells), *lines[pick + 1 :]]


# --- referentials ------------------------------------------------------------------------------

KEY_HEADER = "lettre,libelle,categorie,secteur,valeur,en_vigueur_du,jusqu_au,source"
KEY_LINES = [
    f"{code},Acte {code},consultation,all,{value},2020-01-01,,essai"
    for code, value in [("C", "80"), ("CS", "150"), ("K", "22.50"), ("Z", "15")]
]
KEY_BAD = {
    0: ["", "X" * 10_000],
    2: ["inconnue", ""],
    4: [*HUGE, "abc", "-5", ""],
    5: ["2020-13-45", "hier", "", "99999-01-01"],
    6: ["2019-01-01", "n'importe"],
}


@FUZZ
@given(
    pick=st.integers(0, len(KEY_LINES) - 1),
    column=st.sampled_from(sorted(KEY_BAD)),
    data=st.data(),
)
def test_a_bad_referential_file_is_refused_whole(db, pick, column, data):
    value = data.draw(st.sampled_from(KEY_BAD[column]))
    lines = bad_line(KEY_LINES, pick, column, value, ",")
    content = "\n".join([KEY_HEADER, *lines]).encode()
    result = referential_import(name="lettres-cles", filename="lettres.csv", content=content)
    assert not result.ok
    assert pick + 2 in {e.line for e in result.errors}, [str(e) for e in result.errors]
    assert (LetterKey.objects.count(), LetterKeyValue.objects.count()) == (0, 0)


@FUZZ
@given(content=GARBAGE, name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f.pdf"]))
def test_garbage_referential_files_are_refused_without_raising(db, content, name):
    result = referential_import(name="lettres-cles", filename=name, content=content)
    assert not result.ok and result.errors
    assert LetterKey.objects.count() == 0


# --- declarations ------------------------------------------------------------------------------


@pytest.fixture
def employer_staff(cnops):
    ministry = employer_make(cnops)
    people = [member_make(cnops, ministry, f"AB10000{i}") for i in range(1, 4)]
    return ministry, people


DECLARATION_BAD = {
    0: ["ZZ9999999", "9" * 10_000],
    2: [*HUGE, "abc", "-1", "12,345", ""],
    3: ["27", "-1", "x", "1e3", ""],
    4: ["chômeur", "=1+1"],
}


@FUZZ
@given(pick=st.integers(0, 2), column=st.sampled_from(sorted(DECLARATION_BAD)), data=st.data())
def test_a_bad_declaration_file_is_refused_whole(employer_staff, pick, column, data):
    ministry, people = employer_staff
    lines = [f"{m.registration_number};;8000;26;" for m in people]
    lines = bad_line(lines, pick, column, data.draw(st.sampled_from(DECLARATION_BAD[column])), ";")
    content = "\n".join([HEADER, *lines]).encode()
    outcome = declaration_import(
        employer=ministry, period=date(2024, 5, 1), name="d.csv", content=content
    )
    assert outcome.declaration is None and outcome.errors
    assert pick + 2 in {e.line for e in outcome.errors}
    assert Declaration.objects.count() == 0


@FUZZ
@given(content=GARBAGE, name=st.sampled_from(["d.csv", "d.xlsx"]))
def test_garbage_declaration_files_are_refused(employer_staff, content, name):
    ministry, _ = employer_staff
    outcome = declaration_import(
        employer=ministry, period=date(2024, 5, 1), name=name, content=content
    )
    assert outcome.declaration is None and outcome.errors
    assert Declaration.objects.count() == 0


# --- claim files (JSON Lines) ------------------------------------------------------------------

CLAIM_BAD = {
    ("lines", "charged"): [*HUGE, "abc", -1],
    ("lines", "code"): ["A" * 10_000, "", None],
    ("lines", "care_date"): ["2025-13-45", 12, "2099-01-01"],
    ("lines", "executor_inpe"): ["123", "X" * 500, None],
    ("lines", "kind"): ["zzz", "", ["act"]],
    ("lines", "quantity"): [*HUGE, 0],
    ("lines", "authorization_ref"): ["R" * 31],
    ("", "rank"): ["x", [1], {"a": 1}],
    ("", "registration_number"): ["000000000", None],
    ("", "deposit_date"): ["2025-02-30", None],
    ("", "channel"): ["pigeon", 3],
    ("", "lines"): [[], "a", None],
    ("", "ald_code"): ["A" * 21],
}


def claim_record(member) -> dict:
    return {
        "registration_number": member.registration_number,
        "rank": 0,
        "deposit_date": "2025-03-20",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}],
    }


@FUZZ
@given(
    pick=st.integers(0, 2),
    where=st.sampled_from(sorted(CLAIM_BAD)),
    data=st.data(),
    broken=st.one_of(st.none(), st.text(max_size=50), st.just("[" * 100_000)),
)
def test_a_bad_claim_file_is_refused_whole(fund, pick, where, data, broken):  # noqa: F811
    member = fund[0]
    records = [claim_record(member) for _ in range(3)]
    value = data.draw(st.sampled_from(CLAIM_BAD[where]))
    target = records[pick]["lines"][0] if where[0] == "lines" else records[pick]
    target[where[1]] = value
    lines = [json.dumps(r) for r in records]
    if broken is not None and not broken.strip().startswith("{"):
        lines.append(broken if broken.strip() else "{")
    before = Claim.objects.count()
    result = claims_intake(content="\n".join(lines).encode())
    assert result.errors and result.registered == 0
    assert pick + 1 in {e.line for e in result.errors}, [str(e) for e in result.errors]
    assert Claim.objects.count() == before


# --- bank return files -------------------------------------------------------------------------


@pytest.fixture
def issued_run(families):  # noqa: F811
    user = officer()
    payer_create()
    run = payments.payment_run_issue(run=prepare(by=user), by=user)
    return run, user


RETURN_BAD = {
    0: ["", "ORD-INCONNU", "X" * 5000],
    1: ["peut-être", "", "=1+1"],
}


@FUZZ
@given(pick=st.integers(0, 1), column=st.sampled_from([0, 1, 2]), data=st.data())
def test_a_bad_bank_return_file_is_refused_whole(issued_run, pick, column, data):
    run, user = issued_run
    references = list(run.orders.order_by("reference").values_list("reference", flat=True))
    lines = [f"{ref};payé;" for ref in references]
    if column == 2:  # a rejection without its reason, or a reference given twice
        lines[pick] = data.draw(
            st.sampled_from([f"{references[pick]};rejeté;", f"{references[1 - pick]};payé;"])
        )
    else:
        lines = bad_line(lines, pick, column, data.draw(st.sampled_from(RETURN_BAD[column])), ";")
    content = "\n".join(["reference_ordre;statut;motif", *lines]).encode()
    with pytest.raises(ValidationError) as refused:
        payments.payment_returns_import(run=run, name="r.csv", content=content, on=TODAY, by=user)
    assert any(f"ligne {pick + 2}" in m for m in refused.value.message_dict["file"])
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.SENT}


# --- complementary insurers' base-fund flow files ------------------------------------------

FLOW_HEADER = "dossier;ligne;immatriculation;rang;date_soins;facture;rembourse_amo"
FLOW_BAD = {  # per column, values that must refuse the line
    0: ["", "DM-INCONNU", "X" * 10_000, "DM\x00", "DM\x1b[31m"],
    1: ["99", "x", "-1", "\u00b2", "9" * 40, ""],
    2: ["abc", "\u0661\u0662", "9" * 40, ""],
    3: ["x", "-1", "7", "9" * 40],
    4: ["2025-13-45", "hier", "", "99999-01-01", "2025-03-11", "20250310"],
    5: [*HUGE, "abc", "-5", "12.345", "", "\u0661\u0662", "80.01", "999999999999999.00"],
    6: [*HUGE, "abc", "-5", "0,001", "", "63.99"],
}
FLOW_JUNK = st.one_of(  # a whole line of junk, on its own line
    st.just("[" * 100_000),
    st.just("{" * 50_000 + "}" * 50_000),
    st.just(";" * 5_000),
    st.text(max_size=200).filter(lambda t: t.strip() and not any(c in t for c in "\r\n")),
)


@pytest.fixture
def amc_family(cnops):
    """Two adjudicated consultations (16,00 each from the cover) and their flow file."""
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    contract = mutuelle_cover()
    enrol(contract, member, child)
    lines = []
    for claim in (consultation_claim(member), consultation_claim(child)):
        line, b = statement_get(claim=claim).lines.get(), claim.beneficiary
        lines.append(
            f"{claim.reference};{line.number};{b.registration_number};{b.rank};"
            f"{line.claim_line.care_date.isoformat()};{line.charged};{line.reimbursed}"
        )
    return contract.insurer, lines


def _flow_refused(insurer, content: bytes) -> str:
    """Import a bad file: refused whole, nothing paid nor computed; its report."""
    before = ComplementaryStatement.objects.count()
    record, new = flow_file_import(insurer=insurer, name="flux.csv", content=content)
    assert new and record.status == "rejected", record.report
    assert "Rejeté : aucune ligne intégrée." in record.report
    assert not Movement.objects.exists()
    assert ComplementaryStatement.objects.count() == before
    assert not FlowFile.objects.filter(status="done").exists()
    return record.report


def _flow_accepted_once(insurer, good: list[str]) -> None:
    content = "\n".join([FLOW_HEADER, *good]).encode()
    record, new = flow_file_import(insurer=insurer, name="flux.csv", content=content)
    assert new and record.status == "done" and record.paid == D("32.00"), record.report
    again, new = flow_file_import(insurer=insurer, name="flux-bis.csv", content=content)
    assert not new and again.pk == record.pk
    assert Movement.objects.aggregate(s=Sum("amount"))["s"] == D("32.00")


@settings(FUZZ, max_examples=40)  # about 50 ms an example
@given(
    bad=st.lists(
        st.one_of(
            st.tuples(st.just("cell"), st.sampled_from(sorted(FLOW_BAD)), st.data()),
            st.tuples(st.just("columns"), st.sampled_from([-1, 1, 5]), st.none()),
            st.tuples(st.just("twice"), st.integers(0, 1), st.none()),
            st.tuples(st.just("junk"), FLOW_JUNK, st.none()),
        ),
        min_size=1,
        max_size=4,
    ),
    blanks=st.lists(st.integers(0, 6), max_size=3),
    crlf=st.booleans(),
)
def test_a_bad_flow_file_is_refused_whole_every_bad_line_named(amc_family, bad, blanks, crlf):
    insurer, good = amc_family
    lines, wrong = [FLOW_HEADER, *good], []  # wrong: the bad lines, as indexes in `lines`
    for kind, what, data in bad:
        if kind == "cell":
            cells = good[len(wrong) % 2].split(";")
            cells[what] = data.draw(st.sampled_from(FLOW_BAD[what]))
            lines.append(";".join(cells))
        elif kind == "columns":  # one cell fewer, or one or five more
            cells = good[0].split(";")
            lines.append(";".join(cells[:-1] if what < 0 else [*cells, *["x"] * what]))
        elif kind == "twice":  # a good line given again
            lines.append(good[what])
        else:
            lines.append(what)
        wrong.append(len(lines) - 1)
    for at in blanks:  # blank lines still count in the numbering, as an editor shows it
        at = min(at, len(lines))
        lines.insert(at + 1, "  ")
        wrong = [w + 1 if w >= at + 1 else w for w in wrong]
    with transaction.atomic():  # each example starts from the world with nothing paid
        report = _flow_refused(insurer, ("\r\n" if crlf else "\n").join(lines).encode())
        named = {int(line.split()[1]) for line in report.splitlines() if line.startswith("ligne ")}
        assert {w + 1 for w in wrong} <= named, report
        assert len(report) < 10_000, "a line's junk is not copied whole into the report"
        _flow_accepted_once(insurer, good)  # the good lines alone are still taken, once
        transaction.set_rollback(True)


@FUZZ
@given(content=GARBAGE, prefix=st.booleans())
def test_garbage_flow_files_are_refused_without_raising(amc_family, content, prefix):
    insurer, good = amc_family
    if prefix:  # a good file, then a NUL and garbage
        content = "\n".join([FLOW_HEADER, *good, ""]).encode() + b"\x00" + content
    with transaction.atomic():
        _flow_refused(insurer, content)
        transaction.set_rollback(True)


@pytest.mark.parametrize("cap", ["bytes", "rows"])
def test_a_flow_file_past_the_caps_is_refused_unread(amc_family, settings, cap):
    insurer, good = amc_family
    settings.OPENAMO_IMPORT_MAX_BYTES, settings.OPENAMO_IMPORT_MAX_ROWS = 10_000, 100
    lines = [*good, *[f"DM{i:013d};1;000000018;0;2025-03-10;80.00;64.00" for i in range(99)]]
    if cap == "bytes":
        lines.append("X" * 10_000)
    report = _flow_refused(insurer, "\n".join([FLOW_HEADER, *lines]).encode())
    assert ("trop volumineux (9 Ko" if cap == "bytes" else "100 lignes au plus") in report
    assert not any(x.startswith("ligne ") for x in report.splitlines())  # none was read


def test_the_drop_folder_reads_no_more_than_the_cap(amc_family, settings, tmp_path):
    insurer, good = amc_family
    settings.OPENAMO_IMPORT_MAX_BYTES = 1_000
    (tmp_path / "gros.csv").write_text("\n".join([FLOW_HEADER, *good, "X" * 100_000]))
    call_command("amc_import", str(tmp_path), insurer=insurer.code)
    report = (tmp_path / "rejected" / "gros.csv.rapport.txt").read_text()
    assert "fichier trop volumineux (0 Ko au plus)" in report
    assert (
        FlowFile.objects.get().sha256
        == hashlib.sha256((tmp_path / "rejected" / "gros.csv").read_bytes()[:1_001]).hexdigest()
    )  # the first 1,001 bytes only were read
    assert not Movement.objects.exists()


def test_a_flow_file_naming_an_unknown_claim_is_refused_not_raised(amc_family):
    """Fuzzing found it: an unknown claim reference raised KeyError (a 500 on upload)."""
    insurer, good = amc_family
    content = "\n".join([FLOW_HEADER, good[0], "", "DM9;1;000000018;0;2025-03-10;80;64"])
    report = _flow_refused(insurer, content.encode())
    assert "ligne 4 : ligne 1 du dossier DM9 inconnue" in report


# --- caps --------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(rows=st.integers(1, 2_000_000), columns=st.integers(1, 16_384))
def test_a_declared_extent_past_the_caps_is_refused_at_once(rows, columns):
    from openpyxl.utils import get_column_letter

    limits = Limits(rows=1_000, columns=30)
    content = declaring(xlsx([["code"], ["C"]]), f"A1:{get_column_letter(columns)}{rows}")
    if rows > limits.rows + 1 or columns > limits.columns:
        with pytest.raises(TabularError, match="déclare"):
            read_rows("x.xlsx", content, limits=limits)
    else:
        assert read_rows("x.xlsx", content, limits=limits)[0] == ["code"]
