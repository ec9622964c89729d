"""The single-claim path, one file at a time: `claim_submit` then `claim_adjudicate` (statement
stored), as the counter, the REST and FHIR APIs and direct billing run it.

    .venv/bin/python bench/single.py --sizes 1000,3000,10000 --files 300        # SQLite, temp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_single \\
        .venv/bin/python bench/single.py --sizes 1000,3000,10000 --files 300

Builds the bench referential (bench/adjudication.py) and grows it to each size in turn (that
many providers and that many medicines, each with its price), then submits and adjudicates
`--files` claim files of 4 lines (a consultation, two medicines, a biology act) for as many
beneficiaries, one at a time. For each size it prints files/s, mean and p99 ms per file, and
the SQL statements per file (as Django logs them, CaptureQueriesContext: with BEGIN/COMMIT on
SQLite, without PostgreSQL's COPY) and this process's CPU ms per file, with the referential
cache (`cached`) and with the cache emptied before each file (`reload`, the path before the
cache: every tariff, price and provider loaded for each file).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent / "src"), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("OPENAMO_VAR_DIR", tempfile.mkdtemp(prefix="openamo-single-"))
BATCH = 5000


def referential_grow(size: int, rng: random.Random, eans: list[str], inpes: dict) -> None:
    """Providers and medicines (with a price) up to `size` each, in bulk."""
    from adjudication import START, _ean

    from openamo.referentials import models as ref

    city = ref.City.objects.first()
    have = ref.Provider.objects.count()
    kinds = ["gp", "pharmacy", "laboratory", "specialist", "clinic"]
    new = [
        ref.Provider(
            inpe=f"{400000000 + i}",
            name=f"Q{i}",
            kind=kinds[i % len(kinds)],
            sector="private",
            city=city,
        )
        for i in range(have, size)
    ]
    ref.Provider.objects.bulk_create(new, batch_size=BATCH)
    for p in new:
        inpes[p.kind].append(p.inpe)
    have = ref.Medicine.objects.count()
    medicines = ref.Medicine.objects.bulk_create(
        (
            ref.Medicine(ean13=_ean(rng), brand=f"Spécialité {i}", inn=f"dci x{i}", form="gélule")
            for i in range(have, size)
        ),
        batch_size=BATCH,
        ignore_conflicts=False,
    )
    ref.MedicinePrice.objects.bulk_create(
        (
            ref.MedicinePrice(medicine=m, ppv=D(rng.randint(1000, 30000)) / 100, valid_from=START)
            for m in medicines
        ),
        batch_size=BATCH,
    )
    eans.extend(m.ean13 for m in medicines)


def beneficiaries_create(scheme, count: int, offset: int) -> list:
    from openamo.members.models import Beneficiary, Member, RightsPeriod

    members = Member.objects.bulk_create(
        Member(
            registration_number=f"{700000000 + i}",
            cin=f"SG{i:06d}",
            last_name=f"Nom{i}",
            first_name="Prénom",
            birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            sex="MF"[i % 2],
            scheme=scheme,
            registered_on=date(2010, 1, 1),
        )
        for i in range(offset, offset + count)
    )
    people = Beneficiary.objects.bulk_create(
        Beneficiary(
            member=m,
            role="member",
            rank=0,
            registration_number=m.registration_number,
            cin=m.cin,
            last_name=m.last_name,
            first_name=m.first_name,
            name_key=f"{m.last_name} {m.first_name}".lower(),
            birth_date=m.birth_date,
            scheme=scheme,
        )
        for m in members
    )
    RightsPeriod.objects.bulk_create(
        RightsPeriod(beneficiary=b, kind="open", starts_on=date(2010, 1, 1)) for b in people
    )
    return people


def lines_draw(rng: random.Random, eans: list[str], inpes: dict):
    from openamo.claims.services import LineInput

    care = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
    pharmacy = rng.choice(inpes["pharmacy"])
    return care, [
        LineInput(kind="act", code="C", care_date=care, executor_inpe=rng.choice(inpes["gp"])),
        LineInput(kind="medicine", code=rng.choice(eans), care_date=care, executor_inpe=pharmacy),
        LineInput(kind="medicine", code=rng.choice(eans), care_date=care, executor_inpe=pharmacy),
        LineInput(
            kind="act",
            code="B",
            coefficient=D(120),
            care_date=care,
            executor_inpe=rng.choice(inpes["laboratory"]),
        ),
    ]


def files_run(people, rng, eans, inpes, *, reload: bool):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openamo.claims.services import claim_adjudicate, claim_submit
    from openamo.referentials.cache import referential_cache_clear

    times, counts, cpu = [], [], []
    for person in people:
        care, lines = lines_draw(rng, eans, inpes)
        if reload:
            referential_cache_clear()
        connection.queries_log.clear()  # the log keeps 9,000 queries: count from zero
        with CaptureQueriesContext(connection) as queries:
            started, used = time.perf_counter(), time.process_time()
            claim = claim_submit(
                beneficiary=person,
                channel="electronic",
                deposit_date=care + timedelta(days=5),
                lines=lines,
            )
            claim_adjudicate(claim=claim)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        counts.append(len(queries))
        if os.environ.get("BENCH_SQL_DUMP") and len(counts) == 1:
            print("\n".join(q["sql"][:160] for q in queries.captured_queries))
    return times, counts, cpu


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,3000,10000", help="providers = medicines")
    parser.add_argument("--size", type=int, help="one size (bench/run.py)")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--reload-files", type=int, default=60, help="files without the cache")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    sizes = [args.size] if args.size else [int(s) for s in args.sizes.split(",")]

    import django

    django.setup()
    from adjudication import referential_create
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    scheme, eans, inpes = referential_create(rng)
    inpes = {k: list(v) for k, v in inpes.items()}
    print(f"database: {connection.vendor}; {args.files} files of 4 lines per size")
    header = "mode size files files/s mean_ms p99_ms SQL/file python_cpu_ms/file"
    print(header)
    offset = 0
    for size in sizes:
        referential_grow(size, rng, eans, inpes)
        for mode, count in (("cached", args.files), ("reload", args.reload_files)):
            if not count:
                continue
            people = beneficiaries_create(scheme, count + 5, offset)
            offset += count + 5
            files_run(people[:5], rng, eans, inpes, reload=mode == "reload")  # warm up
            times, counts, cpu = files_run(people[5:], rng, eans, inpes, reload=mode == "reload")
            total = sum(times)
            print(
                f"RESULT single_{mode} {size} {len(times)} {len(times) / total:.1f} "
                f"{1000 * total / len(times):.2f} {1000 * _p(times, 0.99):.2f} "
                f"{sum(counts) / len(counts):.1f} {1000 * sum(cpu) / len(cpu):.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
