"""PostgreSQL cuts a process's connection (`pg_terminate_backend`, as a failover or an
administrator would) in the middle of a transaction: the step fails cleanly (an error, a
non-zero exit, nothing of that transaction kept) and the same step run again finishes the
work, once. Restarting the shared PostgreSQL server itself is not done here (it would cut every
other user of the machine); a terminated backend is what a client sees of a restart.

First the claims file being registered (one transaction: no claim of it may stay), then the
batch adjudication that follows (chunks already committed stay, the cut chunk is redone);
last, a REST request served by gunicorn whose connection is cut while it writes a claim."""

# ruff: noqa: F811  (fixtures imported from a shared module are named as arguments)

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection

from openamo.claims.intake import claims_intake
from openamo.claims.services import claims_adjudicate_pending
from tests.api.eligibility_fixtures import bearer_of, clinic, family  # noqa: F401  (fixtures)
from tests.claims.db_builders import CLINIC, GP, family_create, providers_create, tariffs_create
from tests.faults import steps
from tests.faults.conftest import ROOT, fault_point, pg_admin

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, token: str, body: dict, key: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_a_request_whose_connection_is_cut_stores_nothing_and_the_retry_succeeds(
    database_copy, family, clinic
):
    """gunicorn (one worker, one thread, persistent connections) has its PostgreSQL connection
    terminated while a claim is being written: that request fails (500, no traceback shown),
    no part of the claim is stored, and the same request sent again is served by the same
    worker on a fresh connection."""
    member, _ = family
    token = bearer_of(clinic)["HTTP_AUTHORIZATION"].split()[1]
    copy = database_copy()
    port = _free_port()
    server = subprocess.Popen(
        copy.command(
            "gunicorn",
            *("-b", f"127.0.0.1:{port}", "-k", "gthread", "-w", "1", "--threads", "1"),
            fault="openamo.claims.services:audit_change:1:cut",
        ),
        cwd=ROOT,
        env={**copy.env, "OPENAMO_CONN_MAX_AGE": "600"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        claim = {
            "registration_number": member.registration_number,
            "channel": "electronic",
            "deposit_date": "2025-03-20",
            "lines": [
                {"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": CLINIC}
            ],
        }
        url = f"{base}/api/v1/claims/"
        status, text = _post(url, token, claim, "cut-1")
        assert status == 500 and "Traceback" not in text, text
        with psycopg.connect(copy.url) as db:
            counts = db.execute(
                "SELECT (SELECT count(*) FROM claims_claim), (SELECT count(*) FROM"
                " claims_claimline), (SELECT count(*) FROM claims_claimtransition)"
            ).fetchone()
        assert counts == (0, 0, 0)
        assert _post(url, token, claim, "cut-1")[0] == 201  # the fault fired once: now served
        assert _post(url, token, claim, "cut-1")[0] == 200  # and a resend is the same claim
        with psycopg.connect(copy.url) as db:
            assert db.execute("SELECT count(*) FROM claims_claim").fetchone()[0] == 1
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "terminating connection due to administrator command" in err  # the cut, logged
