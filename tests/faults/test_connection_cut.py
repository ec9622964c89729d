"""PostgreSQL cuts a process's connection (`pg_terminate_backend`, as a failover or an
administrator would) in the middle of a transaction: the step fails cleanly (an error, a
non-zero exit, nothing of that transaction kept) and the same step run again finishes the
work, once. Restarting the shared PostgreSQL server itself is not done here (it would cut every
other user of the machine); a terminated backend is what a client sees of a restart.

First the claims file being registered (one transaction: no claim of it may stay), then the
batch adjudication that follows (chunks already committed stay, the cut chunk is redone)."""

import json

import pytest
from django.db import connection

from openamo.claims.intake import claims_intake
from openamo.claims.services import claims_adjudicate_pending
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.faults import steps
from tests.faults.conftest import fault_point, pg_admin

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _cut(process) -> tuple[int, str]:
    """Terminates the process's backend at its fault point, lets it go on, its exit and errors."""
    backend = fault_point(process)
    with pg_admin() as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [backend]).fetchone()[0]
    process.stdin.write("\n")
    process.stdin.flush()
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def test_a_cut_connection_fails_the_step_cleanly_and_the_retry_completes(
    cnops, database_copy, frozen_day, tmp_path
):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    records = [
        {
            "registration_number": member.registration_number,
            "rank": n % 2,
            "deposit_date": "2025-03-30",
            "idempotency_key": f"mut-{n}",
            "lines": [
                {
                    "kind": "act",
                    "code": "C",
                    "care_date": f"2025-03-{10 + n:02d}",
                    "executor_inpe": GP,
                    "coefficient": f"{1 + n % 3}.5",
                }
            ],
        }
        for n in range(8)
    ]
    path = tmp_path / "dossiers.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    copy = database_copy()
    assert claims_intake(content=path.read_bytes()).registered == 8
    claims_adjudicate_pending(chunk=3)
    expected = steps.adjudication()
    step = ("adjudicate", "--file", str(path), "--chunk", "3", "--quiet")

    # Cut while the file's claims are being registered (the fifth written, not committed).
    code, err = _cut(copy.start(*step, fault="openamo.claims.intake:claim_submit:5:pause"))
    assert code == 1 and "terminating connection" in err, err
    # Cut in the second chunk of the adjudication that follows the registration.
    process = copy.start(
        *step, fault="openamo.claims.services:statements_write:2:pause", before="adjudication"
    )
    code, err = _cut(process)
    assert code == 1 and "terminating connection" in err, err
    left = json.loads(next(x for x in process.seen if x.startswith("BEFORE "))[7:])
    assert left["status"] == {} and left["statements"] == 0  # nothing of the cut file stayed

    rerun = copy.run(*step, before="adjudication", after="adjudication")
    assert rerun.code == 0, rerun.err
    assert "0 dossier(s) enregistré(s), 8 déjà reçu(s)" in rerun.out
    half = rerun.marked("BEFORE")
    assert half["status"] == {"adjudicated": 3, "received": 5}  # the first chunk, whole
    assert half["lines_without_statement"] == 0
    done = rerun.marked("AFTER")
    assert done["status"] == expected["status"] == {"adjudicated": 8}
    assert (done["statements"], done["statements_per_claim"]) == (8, 1)
    assert done["reimbursed"] == done["line_reimbursed"] == expected["reimbursed"]
    assert [r[0] for r in done["runs"]] == [3, 5]
