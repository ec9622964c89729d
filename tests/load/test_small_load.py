"""A small load in CI: 200 requests from 4 threads against gunicorn (eligibility checks, claims
submitted through REST with repeated idempotency keys, a public page), none answered 5xx; then
the eligibility rate limit under a burst answers 429 with Retry-After. No timing is asserted
(the figures are bench/load.py's, recorded in BENCHMARKS.md).

The server is a real gunicorn (gthread, one worker, 4 threads) on a copy of the test database
(tests/faults/conftest.py): Django's live server on the in-memory SQLite test database shares
one connection between its threads, whose table locks ("database table is locked") would be
the harness's errors, not the application's."""

# ruff: noqa: F811  (fixtures imported from a shared module are named as arguments)

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.api.eligibility_fixtures import (  # noqa: F401  (fixtures)
    bearer_of,
    clinic,
    family,
)
from tests.claims.db_builders import CLINIC
from tests.faults.conftest import ROOT, database_copy  # noqa: F401  (fixture)

REQUESTS, THREADS = 200, 4


def _call(url: str, *, token: str, body: dict | None = None, key: str = "") -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers |= {"Content-Type": "application/json", "Idempotency-Key": key}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as refused:
        refused.read()
        return refused.code, dict(refused.headers)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve(database_copy, family, clinic):
    """`serve(rate)`: gunicorn on a copy of the world, the eligibility rate set; its URL and
    the clinic's token."""
    token = bearer_of(clinic)["HTTP_AUTHORIZATION"].split()[1]
    servers = []

    def start(rate: str) -> tuple[str, str]:
        copy, port = database_copy(), _free_port()
        command = [Path(sys.executable).with_name("gunicorn"), "openamo.config.wsgi"]
        command += ["-b", f"127.0.0.1:{port}", "-k", "gthread", "-w", "1", "--threads", "4"]
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**copy.env, "OPENAMO_ELIGIBILITY_RATE": rate, "PYTHONPATH": str(ROOT / "src")},
            stderr=subprocess.PIPE,
            text=True,
        )
        servers.append(server)
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                return f"http://127.0.0.1:{port}", token
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stderr.read()) from None
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer")

    yield start
    for server in servers:
        server.terminate()
        server.wait(30)


def test_200_mixed_requests_from_4_threads_get_no_server_error(serve, family):
    member, child = family
    base, token = serve("1000000/minute")
    asks = [
        f"{base}/api/v1/members/eligibility?registration_number={member.registration_number}"
        f"&rank={rank}&birth_date={birth}&date=2025-03-10&care_category=consultation"
        for rank, birth in [(0, "1980-05-10"), (1, "2010-03-15"), (0, "1999-01-01")]
    ]
    claim = {
        "registration_number": member.registration_number,
        "rank": 0,
        "channel": "electronic",
        "deposit_date": "2025-03-20",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": CLINIC}],
    }
    keys = [
        f"load-{(n // 4) % 20}" for n in range(REQUESTS)
    ]  # each key sent several times, at once

    def one(n: int) -> tuple[str, int]:
        if n % 4 == 1:
            return "submit", _call(f"{base}/api/v1/claims/", token=token, body=claim, key=keys[n])[
                0
            ]
        if n % 10 == 3:
            return "page", urllib.request.urlopen(f"{base}/connexion/", timeout=60).status
        return "ask", _call(asks[n % 3], token=token)[0]

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = Counter(pool.map(one, range(REQUESTS)))
    assert not [o for o in outcomes if o[1] >= 500], outcomes
    kinds = Counter(kind for kind, _ in outcomes.elements())
    assert outcomes[("page", 200)] == kinds["page"] > 0
    assert outcomes[("ask", 200)] == kinds["ask"] > 0  # a wrong birth date: 200, "unknown"
    # Twenty keys sent over and over by 4 threads: one claim each, the repeats answered 200.
    assert outcomes[("submit", 201)] == 20, outcomes
    assert outcomes[("submit", 200)] == kinds["submit"] - 20, outcomes


def test_past_its_rate_a_token_is_answered_429_with_retry_after(serve, family):
    member, _ = family
    base, token = serve("10/minute")
    ask = (
        f"{base}/api/v1/members/eligibility?registration_number="
        f"{member.registration_number}&birth_date=1980-05-10&date=2025-03-10&care_category=consultation"
    )
    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(lambda _: _call(ask, token=token), range(24)))
    codes = Counter(code for code, _ in answers)
    assert codes == {200: 10, 429: 14}, codes
    assert all(1 <= int(h["Retry-After"]) <= 60 for code, h in answers if code == 429)
