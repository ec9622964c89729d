"""SIGKILL in the middle of the four long writers — a batch adjudication, a payment run, a
declaration import, a referential import — then the same step again: what the killed process
had written and not committed is gone, nothing is half-written, nothing is paid twice, and the
rerun finishes with the totals an uninterrupted run gives, to the centime.

The processes are real (tests/faults/driver.py) and work on a copy of the test database
(conftest.py); the kill lands inside a transaction, once its writes are made."""

from datetime import date, timedelta
from decimal import Decimal as D

from openamo.authorizations.selectors import tariffs_cache_clear
from openamo.claims.services import LineInput, claim_submit, claims_adjudicate_pending
from openamo.contributions.services import declaration_import
from openamo.referentials.services import referential_import
from tests.authorizations.builders import family_create as fund_family_create
from tests.authorizations.builders import referential_create
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.contributions.helpers import HEADER, employer_make, member_make
from tests.faults import steps
from tests.faults.conftest import fault_point, kill
from tests.payments.builders import DAY, RIB_A, claim_paid_by_fund, officer, payer_create, rib_set

KILLED = -9


def test_a_batch_adjudication_killed_mid_chunk_resumes_with_exact_totals(
    cnops, database_copy, frozen_day
):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    for n in range(12):
        claim_submit(
            beneficiary=(member, child)[n % 2],
            channel="paper",
            deposit_date=DAY + timedelta(days=20),
            lines=[
                LineInput(
                    kind="act",
                    code="C",
                    care_date=DAY + timedelta(days=n),
                    executor_inpe=GP,
                    coefficient=D(1 + n % 3) / 2,
                ),
                LineInput(
                    kind="act", code="K", care_date=DAY, executor_inpe=GP, coefficient=D(n + 1)
                ),
            ],
        )
    copy = database_copy()
    claims_adjudicate_pending(chunk=4)  # the same batch, uninterrupted, on the test database
    expected = steps.adjudication()
    assert expected["status"] == {"adjudicated": 12} and D(expected["reimbursed"]) > 0

    # Killed from outside once the second chunk's statements are written, not committed.
    process = copy.start(
        "adjudicate",
        "--chunk",
        "4",
        "--quiet",
        fault="openamo.claims.services:statements_write:2:wait",
    )
    fault_point(process)
    assert kill(process) == KILLED

    rerun = copy.run(
        "adjudicate", "--chunk", "4", "--quiet", before="adjudication", after="adjudication"
    )
    assert rerun.code == 0, rerun.err
    left = rerun.marked("BEFORE")
    assert left["status"] == {"adjudicated": 4, "received": 8}  # the first chunk only
    assert (left["statements"], left["statements_per_claim"]) == (4, 1)
    assert left["runs"][0][0] == 4 and left["runs"][0][2] is False  # the run never finished
    assert left["lines_without_statement"] == 0
    done = rerun.marked("AFTER")
    assert done["status"] == expected["status"]
    assert (done["statements"], done["statements_per_claim"]) == (12, 1)
    assert done["statement_lines"] == expected["statement_lines"] == 24
    assert done["reimbursed"] == done["line_reimbursed"] == expected["reimbursed"]
    runs = done["runs"]
    assert [r[0] for r in runs] == [4, 8]
    assert sum(D(r[1]) for r in runs) == D(expected["reimbursed"])


def test_a_payment_run_killed_at_each_step_pays_each_claim_once(cnops, database_copy, frozen_day):
    tariffs_cache_clear()  # the payments world has its own tariffs
    rabat = referential_create(cnops)
    member, child = fund_family_create(cnops, rabat)
    rib_set(member.member, RIB_A)
    claim_paid_by_fund(member)  # 64.00
    claim_paid_by_fund(child, day=DAY + timedelta(days=1), coefficient=3)  # 192.00
    officer()
    payer_create()
    copy = database_copy()
    runs = "openamo.payments.services.runs"

    killed = copy.run(
        "call:tests.faults.steps:payment_prepare", fault=f"{runs}:audit_write_many:1:kill"
    )
    assert killed.code == KILLED
    prepared = copy.run(
        "call:tests.faults.steps:payment_prepare", before="payment", after="payment"
    )
    assert prepared.code == 0, prepared.err
    assert (prepared.marked("BEFORE")["runs"], prepared.marked("BEFORE")["items"]) == ([], 0)
    assert prepared.marked("AFTER")["runs"] == [["prepared", 1, 2, "256.00", False]]

    killed = copy.run(
        "call:tests.faults.steps:payment_issue", fault=f"{runs}:audit_write_many:1:kill"
    )
    assert killed.code == KILLED
    issued = copy.run("call:tests.faults.steps:payment_issue", before="payment", after="payment")
    assert issued.code == 0, issued.err
    left = issued.marked("BEFORE")
    assert (left["runs"], left["orders"]) == (
        [["prepared", 1, 2, "256.00", False]],
        [["ordered", "256.00"]],
    )
    assert issued.marked("AFTER")["orders"] == [["sent", "256.00"]]

    settle = "openamo.payments.services.settle:run_close_if_done:1:kill"
    killed = copy.run("call:tests.faults.steps:payment_settle", fault=settle)
    assert killed.code == KILLED
    settled = copy.run("call:tests.faults.steps:payment_settle", before="payment", after="payment")
    assert settled.code == 0, settled.err
    left = settled.marked("BEFORE")
    assert (left["orders"], left["claims"]) == ([["sent", "256.00"]], {"adjudicated": 2})
    done = settled.marked("AFTER")
    assert done["runs"] == [["closed", 1, 2, "256.00", True]]
    assert (done["orders"], done["claims"]) == ([["paid", "256.00"]], {"paid": 2})
    assert (done["items"], done["items_per_claim"], done["paid_items"]) == (2, 1, "256.00")

    again = copy.run("call:tests.faults.steps:payment_prepare")
    assert again.code != 0 and "aucun dossier" in again.err  # nothing left to pay twice


def test_a_declaration_import_killed_before_commit_leaves_nothing(
    cnops, database_copy, frozen_day, tmp_path
):
    ministry = employer_make(cnops)
    people = [member_make(cnops, ministry, f"AB10000{i}") for i in range(1, 7)]
    lines = [f"{m.registration_number};;{8000 + 1234.56 * i:.2f};26;" for i, m in enumerate(people)]
    path = tmp_path / "declaration.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    copy = database_copy()
    outcome = declaration_import(
        employer=ministry, period=date(2024, 5, 1), name=path.name, content=path.read_bytes()
    )
    assert outcome.ok, outcome.errors
    expected = steps.declarations()
    step = ("import_declarations", str(ministry.pk), "2024-05", str(path))

    killed = copy.run(*step, fault="openamo.contributions.services:_rights_recompute:1:kill")
    assert killed.code == KILLED
    rerun = copy.run(*step, before="declarations", after="declarations")
    assert rerun.code == 0, rerun.err
    assert rerun.marked("BEFORE") == {
        "declarations": [],
        "lines": 0,
        "shares": 0,
        "line_total": "0.00",
        "calls": [],
    }
    assert rerun.marked("AFTER") == expected
    assert expected["lines"] == 6 and expected["line_total"] == expected["declarations"][0][2]
    again = copy.run(*step)
    assert again.code != 0  # declared once: a second import of the month is refused


KEYS = """lettre,libelle,categorie,secteur,valeur,en_vigueur_du,jusqu_au,source
C,Acte C,consultation,all,80,2020-01-01,,essai
CS,Acte CS,consultation,all,150,2020-01-01,,essai
K,Acte K,consultation,all,22.50,2020-01-01,,essai
Z,Acte Z,consultation,all,15,2020-01-01,,essai
V,Acte V,consultation,all,120.35,2020-01-01,,essai
"""


def test_a_referential_import_killed_halfway_leaves_nothing(database_copy, tmp_path):
    path = tmp_path / "lettres.csv"
    path.write_text(KEYS)
    copy = database_copy()
    result = referential_import(name="lettres-cles", filename=path.name, content=path.read_bytes())
    assert result.ok, [str(e) for e in result.errors]
    expected = steps.referential()
    step = ("import_referential", "lettres-cles", str(path))

    killed = copy.run(*step, fault="openamo.core.importing:_save_part:5:kill")  # row 3 of 5
    assert killed.code == KILLED
    rerun = copy.run(*step, before="referential", after="referential")
    assert rerun.code == 0, rerun.err
    assert rerun.marked("BEFORE") == {"keys": [], "values": []}
    assert rerun.marked("AFTER") == expected
    assert expected["values"][-1] == ["Z", "15.00"] and len(expected["keys"]) == 5
