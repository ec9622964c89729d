"""Eligibility over HTTP: p50/p99 latency and requests per second at a fixed offered load.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_elig'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_elig \\
        .venv/bin/python bench/eligibility.py --families 50000 --rate 500 --seconds 30

1. migrates the database and, unless it already holds them, creates N families (a member, a
   spouse, two children) whose rights are derived by the pure core (`rights_compute`) and
   bulk-inserted with their lookup snapshot, as the services would store them;
2. starts gunicorn (gthread workers) serving the real WSGI app;
3. offers a constant load (open loop: requests leave on schedule whatever the answers do, and
   latency counts from the scheduled time, so a stalled server cannot hide its queue) of
   GET /api/v1/members/eligibility over keep-alive connections with a clinic's token (the
   provider path: two identifiers, a read-log row per request), mixing lookups by
   registration number + rank + birth date and by CIN + birth date, and care categories; the
   token's rate limit is lifted for the run (`OPENAMO_ELIGIBILITY_RATE`, default here
   10000000/minute); the load generator runs on the same machine;
4. prints p50/p90/p99/max latency, the achieved requests per second, and the error count.
"""

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
CATEGORIES = ["consultation", "medicine", "biology", "radiology", "surgery", "dental"]


def setup_data(families: int, seed: int) -> list[str]:
    """Create the families if missing; return query strings for the load."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from openamo.members import rights as core
    from openamo.members.models import Beneficiary, Member, RightsPeriod
    from openamo.members.services import luhn_digit, name_key, scheme_rules
    from openamo.referentials.models import Scheme
    from tests.factories import scheme_create

    scheme = Scheme.objects.filter(code="cnops").first() or scheme_create("cnops")
    have = Member.objects.count()
    rng = random.Random(seed)
    rules = scheme_rules(scheme.pk)
    if have < families:
        print(f"creating {families - have} families…", flush=True)
        t0 = time.perf_counter()
        for start in range(have, families, 5000):
            _create_batch(
                range(start, min(families, start + 5000)),
                scheme,
                rules,
                rng,
                core,
                Member,
                Beneficiary,
                RightsPeriod,
                luhn_digit,
                name_key,
            )
        print(f"  done in {time.perf_counter() - t0:.1f} s", flush=True)
    rows = list(
        Beneficiary.objects.order_by("?").values_list(
            "registration_number", "rank", "cin", "birth_date"
        )[:20000]
    )
    queries = []
    for regno, rank, cin, birth in rows:
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        care = rng.choice(CATEGORIES)
        if rank == 0 and cin and rng.random() < 0.3:
            lookup = f"cin={cin}&birth_date={birth}"
        else:
            lookup = f"registration_number={regno}&rank={rank}&birth_date={birth}"
        queries.append(f"{lookup}&date={day}&care_category={care}")
    return queries


def _create_batch(
    indexes, scheme, rules, rng, core, Member, Beneficiary, RightsPeriod, luhn_digit, name_key
):
    from django.db import transaction

    members, families = [], []
    for i in indexes:
        body = f"{50000000 + i:08d}"
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 35))
        members.append(
            Member(
                registration_number=body + str(luhn_digit(body)),
                cin=f"BE{i:06d}",
                last_name=f"Nom{i}",
                first_name="Prenom",
                birth_date=birth,
                sex="M",
                status="active",
                scheme=scheme,
                registered_on=date(2010, 1, 1),
            )
        )
        kids = [birth + timedelta(days=365 * rng.randint(22, 40)) for _ in range(2)]
        families.append((birth, kids))
    with transaction.atomic():
        Member.objects.bulk_create(members)
        beneficiaries, periods = [], []
        for member, (birth, kids) in zip(members, families, strict=True):
            people = [("member", birth, f"{member.cin}", "Prenom")]
            people.append(("spouse", birth + timedelta(days=400), "", "Epouse"))
            people += [("child", k, "", f"Enfant{n}") for n, k in enumerate(kids)]
            persons = tuple(
                core.Person(
                    key=rank,
                    role=role,
                    birth_date=b,
                    linked_on=b if role == "child" else date(2005, 6, 1),
                )
                for rank, (role, b, _, _) in enumerate(people)
            )
            history = core.FamilyHistory(member.registered_on, "active", persons)
            results = core.rights_compute(history, rules)
            for rank, ((role, b, cin, first), result) in enumerate(
                zip(people, results, strict=True)
            ):
                beneficiaries.append(
                    Beneficiary(
                        member=member,
                        role=role,
                        rank=rank,
                        registration_number=member.registration_number,
                        cin=cin,
                        last_name=member.last_name,
                        first_name=first,
                        name_key=name_key(member.last_name, first),
                        birth_date=b,
                        scheme=scheme,
                        age_limit_on=result.age_limit_on,
                        rights={
                            "p": [
                                [s.start.isoformat(), s.end and s.end.isoformat(), s.kind]
                                for s in result.spans
                            ],
                            "x": [],
                        },
                    )
                )
                periods.append(result.spans)
        Beneficiary.objects.bulk_create(beneficiaries)
        RightsPeriod.objects.bulk_create(
            RightsPeriod(beneficiary=b, kind=s.kind, starts_on=s.start, ends_on=s.end)
            for b, spans in zip(beneficiaries, periods, strict=True)
            for s in spans
        )


def api_token() -> str:
    """A token of a clinic's user: the API is scoped (api/scopes.py) and a provider names the
    beneficiary by two identifiers."""
    from django.contrib.auth import get_user_model

    from openamo.api.auth import api_token_create
    from openamo.authorizations.models import ProviderAccess
    from openamo.referentials import models as ref

    region, _ = ref.Region.objects.get_or_create(code="RB", defaults={"name": "Bench"})
    delegation, _ = ref.Delegation.objects.get_or_create(
        code="DB", defaults={"name": "Bench", "region": region, "seat": "Bench"}
    )
    city, _ = ref.City.objects.get_or_create(
        name="Bench", defaults={"region": region, "delegation": delegation}
    )
    clinic, _ = ref.Provider.objects.get_or_create(
        inpe="999999991",
        defaults={"name": "Clinique du banc", "kind": "clinic", "sector": "private", "city": city},
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-provider")
    ProviderAccess.objects.get_or_create(user=user, defaults={"provider": clinic})
    return api_token_create(user=user, name="bench")[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
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
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


class Connection:
    def __init__(self, port: int, token: str):
        self.port, self.token = port, token
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.token}\r\n"
            "Connection: keep-alive\r\n\r\n".encode()
        )
        status_line = await self.reader.readline()
        length, closing = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                closing = True
        await self.reader.readexactly(length)
        if closing:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])


async def load(port, token, queries, rate, seconds, connections):
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(Connection(port, token))
    latencies, statuses = [], {}

    async def one(at: float, query: str):
        conn = await pool.get()
        try:
            status = await conn.get(f"/api/v1/members/eligibility?{query}")
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status, conn.writer = -1, None
        pool.put_nowait(conn)
        latencies.append(time.perf_counter() - at)
        statuses[status] = statuses.get(status, 0) + 1

    tasks, start = [], time.perf_counter()
    total = int(rate * seconds)
    for n in range(total):
        at = start + n / rate
        delay = at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(at, queries[n % len(queries)])))
    await asyncio.gather(*tasks)
    return latencies, statuses, time.perf_counter() - start


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50000)
    parser.add_argument("--rate", type=float, default=500.0, help="offered requests per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a throwaway PostgreSQL database")
    queries = setup_data(args.families, args.seed)
    token = api_token()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        asyncio.run(load(port, token, queries, args.rate, args.warmup, args.connections))
        latencies, statuses, elapsed = asyncio.run(
            load(port, token, queries, args.rate, args.seconds, args.connections)
        )
    finally:
        server.terminate()
        server.wait(10)
    ms = [x * 1000 for x in latencies]
    print(
        f"eligibility: {len(ms)} requests in {elapsed:.1f} s, offered {args.rate:.0f}/s, "
        f"achieved {len(ms) / elapsed:.0f} req/s; gunicorn gthread {args.workers}×{args.threads}, "
        f"{args.connections} keep-alive connections, {args.families} families, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"latency ms: p50 {percentile(ms, 50):.2f}  p90 {percentile(ms, 90):.2f}  "
        f"p99 {percentile(ms, 99):.2f}  max {max(ms):.2f}"
    )
    print(f"statuses: {dict(sorted(statuses.items()))}")


if __name__ == "__main__":
    main()
