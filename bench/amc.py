"""Complementary batch: base statement lines priced and stored per second by the AMC batch.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_amc'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_amc \\
        .venv/bin/python bench/amc.py --claims 100000

1. builds and adjudicates the base fund exactly as `bench/adjudication.py` does (its own
   processes; skipped when the database already holds adjudicated claims);
2. (a fresh process) creates a mutuelle cover (medicines 16 %, other care 20 % of the base,
   yearly ceilings per person on optics and per family on dental care), enrols every
   beneficiary, then runs `complementary_batch` over every base statement in force and prints
   lines/s, statements/s, SQL statements per 1,000 lines and the peak resident memory.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")


def cover_create():
    from datetime import date

    from openamo.complementary.models import Contract, Enrolment, Guarantee, Insurer
    from openamo.members.models import Beneficiary, Mutuelle
    from openamo.referentials.choices import CareCategory

    mutuelle, _ = Mutuelle.objects.get_or_create(code="bench", defaults={"name": "Mutuelle banc"})
    insurer, _ = Insurer.objects.get_or_create(
        code="bench", defaults={"name": mutuelle.name, "kind": "mutuelle", "mutuelle": mutuelle}
    )
    contract, created = Contract.objects.get_or_create(
        reference="AMC-BENCH",
        defaults={
            "insurer": insurer,
            "kind": "mutuelle",
            "label": "banc",
            "starts_on": date(2000, 1, 1),
        },
    )
    if not created:
        return
    Guarantee.objects.bulk_create(
        Guarantee(
            contract=contract,
            care_category=c,
            basis="percent_base",
            rate=Decimal("16" if c == CareCategory.MEDICINE else "20"),
            person_year_ceiling=Decimal("1200") if c == CareCategory.OPTICS else None,
            family_year_ceiling=Decimal("3000") if c == CareCategory.DENTAL else None,
            valid_from=date(2000, 1, 1),
        )
        for c in CareCategory
    )
    Enrolment.objects.bulk_create(
        (
            Enrolment(contract=contract, beneficiary_id=pk, valid_from=date(2000, 1, 1))
            for pk in Beneficiary.objects.values_list("pk", flat=True).iterator()
        ),
        batch_size=10000,
    )


def run_batch() -> None:
    import django

    django.setup()
    from django.db import connection

    from openamo.complementary.batch import complementary_batch

    cover_create()
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    t0 = time.perf_counter()
    with connection.execute_wrapper(count):
        done = complementary_batch()
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"priced: {done.statements} statements, {done.lines} lines, {done.complementary} DH")
    print(f"time: {seconds:.1f} s")
    print(
        f"throughput: {done.lines / seconds:,.0f} lines/s, {done.statements / seconds:,.0f} statements/s"
    )
    print(
        f"SQL statements: {queries[0]} ({1000 * queries[0] / max(done.lines, 1):.1f} per 1,000 lines)"
    )
    print(f"peak memory: {peak_mb:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100000)
    parser.add_argument("--phase", choices=["all", "batch"], default="all")
    args = parser.parse_args()
    if args.phase == "all":
        base = [
            sys.executable,
            str(ROOT / "bench" / "adjudication.py"),
            "--claims",
            str(args.claims),
        ]
        subprocess.run(base, check=True)
        subprocess.run([sys.executable, __file__, "--phase", "batch"], check=True)
    else:
        run_batch()


if __name__ == "__main__":
    main()
