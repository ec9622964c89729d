"""A mixed load on a running OpenAMO: requests per second, p50/p95/p99 and errors per kind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load \\
        .venv/bin/python bench/load.py --rate 50 --seconds 30 [--url http://127.0.0.1:8000]

The database must hold the demo (`openamo demo`: its accounts `clinique`, `assure` and
`liquidateur`, adjudicated claims). The script

1. prepares, in process, against DATABASE_URL: a bearer token for the clinic and one for the
   claims processor, a session for the insured person and one for the processor, eligibility
   lookups (registration number + rank + birth date, as a provider must give them), claims the
   processor reads and the insured person's own claims;
2. without `--url`, starts gunicorn (gthread; `--workers`, `--threads`) on the same database,
   the eligibility rate limit lifted for the run (`OPENAMO_ELIGIBILITY_RATE`); with `--url`,
   uses the server already running there (which must share the database);
3. offers a constant load (open loop: requests leave on schedule whatever the answers, and
   latency counts from the scheduled time, so a saturated server shows its queue) over
   keep-alive connections, mixing:
   - `eligibility`: GET /api/v1/members/eligibility (clinic token; a read-log row each),
   - `claim_submit`: POST /api/v1/claims/ (clinic token, its own consultation, an
     Idempotency-Key each: one claim created per request),
   - `fhir_claim`: POST /fhir/Claim (clinic token, the same consultation as a FHIR R4 Claim),
   - `claim_read`: GET /api/v1/claims/{reference} (processor token: the claim and its statement),
   - `statement_pdf`: GET /api/v1/claims/{reference}/statement.pdf (processor token),
   - `insured_page`: GET /mon-espace/ (insured session),
   - `insured_statement`: GET /mon-espace/dossiers/{reference}/ (insured session),
   - `staff_list`: GET /dossiers/ (processor session);
4. prints, per kind and in all, the requests, the achieved rate, p50/p95/p99/max latency and
   the errors (5xx, 4xx, refused connections); a 429 is counted apart.
"""

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")

MIX = {
    "eligibility": 50,
    "claim_submit": 10,
    "fhir_claim": 5,
    "claim_read": 10,
    "statement_pdf": 5,
    "insured_page": 10,
    "insured_statement": 5,
    "staff_list": 5,
}


def _session(user) -> str:
    """A logged-in session of `user`, as the login view would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def prepare(seed: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from openamo.api.auth import api_token_create
    from openamo.api.scopes import scope_of
    from openamo.claims.models import Claim
    from openamo.members.models import Beneficiary

    users = get_user_model().objects.in_bulk(
        ["clinique", "assure", "liquidateur"], field_name="username"
    )
    if len(users) < 3:
        raise SystemExit("the demo's accounts are missing: run `openamo demo` on this database")
    clinic = scope_of(users["clinique"]).provider
    member = scope_of(users["assure"]).member
    rng = random.Random(seed)
    today = timezone.localdate()
    people = list(
        Beneficiary.objects.filter(member__status="active")
        .order_by("?")
        .values_list("registration_number", "rank", "birth_date")[:2000]
    )
    eligibility = [
        f"/api/v1/members/eligibility?registration_number={r}&rank={k}&birth_date={b}"
        f"&date={today}&care_category=consultation"
        for r, k, b in people
    ]
    claims = [
        {
            "registration_number": r,
            "rank": k,
            "channel": "electronic",
            "deposit_date": today.isoformat(),
            "lines": [
                {
                    "kind": "act",
                    "code": "C",
                    "care_date": (today - timedelta(days=rng.randrange(1, 20))).isoformat(),
                    "executor_inpe": clinic.inpe,
                }
            ],
        }
        for r, k, _ in people[:500]
    ]
    from openamo.api.fhir import systems

    fhir_claims = [
        {
            "resourceType": "Claim",
            "status": "active",
            "type": {"coding": [{"system": systems.HL7_CLAIM_TYPE, "code": "professional"}]},
            "use": "claim",
            "patient": {"reference": f"Patient/{c['registration_number']}-{c['rank']}"},
            "created": today.isoformat(),
            "provider": {"identifier": {"system": systems.INPE, "value": clinic.inpe}},
            "priority": {"coding": [{"code": "normal"}]},
            "insurance": [{"sequence": 1, "focal": True, "coverage": {"display": "AMO"}}],
            "item": [
                {
                    "sequence": 1,
                    "productOrService": {"coding": [{"system": systems.NGAP, "code": "C"}]},
                    "servicedDate": c["lines"][0]["care_date"],
                }
            ],
        }
        for c in claims
    ]
    adjudicated = Claim.objects.filter(status__in=["adjudicated", "paid"])
    read = list(adjudicated.order_by("?").values_list("reference", flat=True)[:500])
    own = list(
        adjudicated.filter(beneficiary__member=member).values_list("reference", flat=True)[:50]
    )
    if not (people and read and own):
        raise SystemExit("the demo holds no beneficiary or no adjudicated claim")
    return {
        "clinic": api_token_create(user=users["clinique"], name="bench-load")[1],
        "processor": api_token_create(user=users["liquidateur"], name="bench-load")[1],
        "insured_cookie": _session(users["assure"]),
        "staff_cookie": _session(users["liquidateur"]),
        "eligibility": eligibility,
        "claims": claims,
        "fhir_claims": fhir_claims,
        "read": read,
        "own": own,
    }


def request_of(kind: str, data: dict, rng: random.Random) -> tuple[str, str, dict, bytes]:
    """(method, path, headers, body) of one request of this kind."""
    bearer = {"Authorization": f"Bearer {data['clinic']}"}
    processor = {"Authorization": f"Bearer {data['processor']}"}
    if kind == "eligibility":
        return "GET", rng.choice(data["eligibility"]), bearer, b""
    if kind == "claim_submit":
        body = json.dumps(rng.choice(data["claims"])).encode()
        headers = {
            **bearer,
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        return "POST", "/api/v1/claims/", headers, body
    if kind == "fhir_claim":
        body = json.dumps(rng.choice(data["fhir_claims"])).encode()
        return "POST", "/fhir/Claim", {**bearer, "Content-Type": "application/fhir+json"}, body
    if kind == "claim_read":
        return "GET", f"/api/v1/claims/{rng.choice(data['read'])}", processor, b""
    if kind == "statement_pdf":
        return "GET", f"/api/v1/claims/{rng.choice(data['read'])}/statement.pdf", processor, b""
    if kind == "insured_page":
        return "GET", "/mon-espace/", {"Cookie": data["insured_cookie"]}, b""
    if kind == "insured_statement":
        path = f"/mon-espace/dossiers/{rng.choice(data['own'])}/"
        return "GET", path, {"Cookie": data["insured_cookie"]}, b""
    return "GET", "/dossiers/", {"Cookie": data["staff_cookie"]}, b""


class Connection:
    """One keep-alive HTTP/1.1 connection (no client library: the generator must stay cheap
    on the cores it shares with the server)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def send(self, method: str, path: str, headers: dict, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", "Connection: keep-alive"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        length, closing = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                closing = True
        await self.reader.readexactly(length)
        if closing:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])


async def offer(host, port, data, rate, seconds, connections, seed):
    rng = random.Random(seed)
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(Connection(host, port))
    results: list[tuple[str, float, int]] = []

    async def one(at: float, kind: str, request):
        conn = await pool.get()
        try:
            status = await conn.send(*request)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status, conn.writer = -1, None
        pool.put_nowait(conn)
        results.append((kind, time.perf_counter() - at, status))

    tasks, start = [], time.perf_counter()
    for n in range(int(rate * seconds)):
        at = start + n / rate
        if (delay := at - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        kind = rng.choice(kinds)
        tasks.append(asyncio.create_task(one(at, kind, request_of(kind, data, rng))))
    await asyncio.gather(*tasks)
    return results, time.perf_counter() - start


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(results, elapsed) -> list[str]:
    out = [
        "| kind | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | 5xx | 4xx | 429 | refused |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in [*MIX, "all"]:
        rows = [r for r in results if kind in ("all", r[0])]
        if not rows:
            continue
        ms = [r[1] * 1000 for r in rows]
        statuses = [r[2] for r in rows]
        out.append(
            f"| {kind} | {len(rows)} | {len(rows) / elapsed:.1f} | {percentile(ms, 50):.0f} | "
            f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} | {max(ms):.0f} | "
            f"{sum(s >= 500 for s in statuses)} | "
            f"{sum(400 <= s < 500 and s != 429 for s in statuses)} | "
            f"{statuses.count(429)} | {statuses.count(-1)} |"
        )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int, log: str) -> subprocess.Popen:
    output = open(log, "ab")  # noqa: SIM115 (kept open as long as the server runs)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "openamo.config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        env=dict(
            os.environ,
            PYTHONPATH=str(ROOT / "src"),
            OPENAMO_ELIGIBILITY_RATE=os.environ.get("OPENAMO_ELIGIBILITY_RATE", "10000000/minute"),
        ),
        stdout=output,
        stderr=output,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server on the same database (default: start one)")
    parser.add_argument("--rate", type=float, nargs="+", default=[20.0], help="offered req/s")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--server-log", default=os.devnull, help="gunicorn's output (its logs)")
    args = parser.parse_args()
    data = prepare(args.seed)
    server = None
    if args.url:
        host, _, port = args.url.split("//")[-1].rstrip("/").partition(":")
        port = int(port or 80)
    else:
        host, port = "127.0.0.1", free_port()
        server = start_server(port, args.workers, args.threads, args.server_log)
    try:
        asyncio.run(offer(host, port, data, min(args.rate), args.warmup, args.connections, 0))
        for rate in args.rate:
            results, elapsed = asyncio.run(
                offer(host, port, data, rate, args.seconds, args.connections, args.seed)
            )
            where = args.url or f"gunicorn gthread {args.workers}×{args.threads}"
            print(
                f"\noffered {rate:.0f} req/s for {args.seconds:.0f} s: {len(results)} requests "
                f"in {elapsed:.1f} s ({len(results) / elapsed:.1f} req/s achieved); {where}, "
                f"{args.connections} keep-alive connections, {os.cpu_count()} CPUs, "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            print("\n".join(report(results, elapsed)), flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
