"""The 360° views' answer times: an insured family's page and a provider's page with its peers.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_view360'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_view360 \\
        .venv/bin/python bench/view360.py --beneficiaries 20000

Migrates the (empty, throwaway) database, loads the sample referentials, generates a synthetic
fund (one year of claims) and adjudicates it; then gives the busiest family a history of
`--years` years by copying its claims into earlier years until it has at least `--lines` claim
lines, adjudicated by the batch. Times the pages as a controller opens them (the whole request:
selectors, template, access log) and prints
`RESULT operation size p50_ms p95_ms sql_statements lines`.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def history_grow(member_id: int, *, years: int, lines_wanted: int) -> int:
    """Copy the family's claims into earlier years (and shifted days) until it holds
    `lines_wanted` lines; the copies are adjudicated by the batch. Returns the family's lines."""
    from openamo.claims.models import Claim, ClaimLine
    from openamo.claims.services import claims_adjudicate_pending

    family = Claim.objects.filter(beneficiary__member_id=member_id)
    originals = list(family.prefetch_related("lines"))
    count = ClaimLine.objects.filter(claim__in=family).count()
    copy = 0
    while count < lines_wanted and originals:
        copy += 1
        shift_years = 1 + (copy - 1) % max(years - 1, 1)
        shift_days = 7 * ((copy - 1) // max(years - 1, 1))
        for claim in originals:

            def moved(day, y=shift_years, d=shift_days):
                return _shift(day, y) - timedelta(days=d)

            new = Claim.objects.create(
                reference=f"{claim.reference}-H{copy}",
                beneficiary_id=claim.beneficiary_id,
                scheme_id=claim.scheme_id,
                channel=claim.channel,
                deposit_date=moved(claim.deposit_date),
                first_care_date=moved(claim.first_care_date),
                last_care_date=moved(claim.last_care_date),
                ald_code=claim.ald_code,
            )
            rows = []
            for line in claim.lines.all():
                line.pk, line.claim_id = None, new.pk
                line.care_date = moved(line.care_date)
                if line.prescription_date:
                    line.prescription_date = moved(line.prescription_date)
                rows.append(line)
            ClaimLine.objects.bulk_create(rows)
            count += len(rows)
    claims_adjudicate_pending(source="bench view360 history")
    return count


def timed(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, content types)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--beneficiaries", type=int, default=20000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="time the pages on the fund already generated"
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from openamo.claims.models import ClaimLine
    from openamo.claims.services import claims_adjudicate_pending
    from openamo.members.models import Member
    from openamo.synth.services import fund_generate

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if Member.objects.exists() and not args.reuse:
        raise SystemExit("the database already holds a fund: use an empty throwaway database")
    if not args.reuse:
        with open(os.devnull, "w") as quiet:
            call_command("load_sample_referentials", verbosity=0, stdout=quiet)
        t0 = time.perf_counter()
        fund_generate(beneficiaries=args.beneficiaries, seed=args.seed)
        claims_adjudicate_pending(source="bench view360")
        seconds = time.perf_counter() - t0
        print(f"fund of {args.beneficiaries:,} generated and adjudicated in {seconds:,.0f} s")
    busiest = (
        ClaimLine.objects.values("claim__beneficiary__member_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    member_id = busiest["claim__beneficiary__member_id"]
    if args.reuse:
        lines = busiest["n"]
    else:
        lines = history_grow(member_id, years=args.years, lines_wanted=args.lines)
    total_lines = ClaimLine.objects.count()
    prescriber = (
        ClaimLine.objects.exclude(prescriber_inpe="")
        .values("prescriber_inpe")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["prescriber_inpe"]
    )
    pharmacy = (
        ClaimLine.objects.filter(kind="medicine")
        .values("executor_inpe")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["executor_inpe"]
    )
    if not get_user_model().objects.filter(username="bench").exists():
        get_user_model().objects.create_superuser("bench", password="x")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    print(f"database: {connection.vendor}; claim lines in the fund: {total_lines:,}")
    for name, url, size in [
        ("family_360", reverse("portal:fraud:family", args=[member_id]), lines),
        ("provider_360_prescriber", reverse("portal:fraud:provider", args=[prescriber]), None),
        ("provider_360_pharmacy", reverse("portal:fraud:provider", args=[pharmacy]), None),
    ]:
        p50, p95, statements = timed(client, url, args.repeat)
        if size is None:
            inpe = url.rstrip("/").rsplit("/", 1)[-1]
            size = ClaimLine.objects.filter(executor_inpe=inpe).count() + (
                ClaimLine.objects.filter(prescriber_inpe=inpe).count()
            )
        print(f"RESULT {name} {args.beneficiaries} {p50:.0f}ms {p95:.0f}ms {statements} {size}")


if __name__ == "__main__":
    main()
