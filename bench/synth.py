"""Synthetic fund generation: beneficiaries (and rows) written per second, and peak memory.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_synth'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_synth \\
        .venv/bin/python bench/synth.py --beneficiaries 1000000

Migrates the (empty, throwaway) database, loads the sample referentials, then times
`fund_generate` exactly as `openamo synth` runs it: members, dependents, beneficiaries with
their rights, ALD exemptions, a year of claims with their lines, declarations with their
shares, fraud labels. With --adjudicate, also times `claims_adjudicate_pending` on the result.
Prints one line per operation: `RESULT operation size seconds throughput p50 p99 peak_mb`.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--beneficiaries", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--adjudicate", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openamo.members.models import Member

    call_command("migrate", verbosity=0)
    if Member.objects.exists():
        raise SystemExit("the database already holds a fund: use an empty throwaway database")
    with open(os.devnull, "w") as quiet:
        call_command("load_sample_referentials", verbosity=0, stdout=quiet)
    from openamo.synth.services import fund_generate

    chunk_times: list[float] = []
    last = [time.perf_counter()]

    def progress(_added: int) -> None:
        now = time.perf_counter()
        chunk_times.append(now - last[0])
        last[0] = now

    t0 = time.perf_counter()
    fund = fund_generate(beneficiaries=args.beneficiaries, seed=args.seed, progress=progress)
    seconds = time.perf_counter() - t0
    rows = sum(fund.counts.values())
    ordered = sorted(chunk_times)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"database: {connection.vendor}; counts: {fund.counts}")
    print(
        f"generation: {args.beneficiaries:,} beneficiaries in {seconds:,.0f} s "
        f"({args.beneficiaries / seconds:,.0f} beneficiaries/s, {rows / seconds:,.0f} rows/s); "
        f"chunk of 2,000 families p50 {p50:.2f} s, p99 {p99:.2f} s; peak {peak_mb():,.0f} MB"
    )
    print(
        f"RESULT synth_generate {args.beneficiaries} {seconds:.1f} "
        f"{args.beneficiaries / seconds:.0f}/s {p50 * 1000:.0f}ms/chunk {p99 * 1000:.0f}ms/chunk "
        f"{peak_mb():.0f}"
    )
    if args.adjudicate:
        from openamo.claims.services import claims_adjudicate_pending

        t0 = time.perf_counter()
        run = claims_adjudicate_pending(source="bench synth", workers=args.workers)
        seconds = time.perf_counter() - t0
        print(
            f"RESULT synth_adjudicate {run.claims} {seconds:.1f} {run.claims / seconds:.0f}/s "
            f"- - {peak_mb():.0f}"
        )


if __name__ == "__main__":
    main()
