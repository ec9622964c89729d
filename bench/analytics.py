"""The analytical copy: full extraction, an incremental refresh after a day of new claims,
and each dashboard's query time on DuckDB (optionally Spark).

    OPENAMO_VAR_DIR=var/bench-fund .venv/bin/python bench/analytics.py [--spark]

Runs on the fund already in the database (e.g. `openamo synth --beneficiaries 20000` then
`openamo adjudicate`); the copy goes to a temporary folder. "A day of new claims": after the
full extraction, the last 1/365 of the claims, statements and lines (by id) are taken out of the
copy and its watermarks moved back, so the refresh reads them as new rows, as it would the
morning after a day of intake.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
    import django

    django.setup()


def rewind(store, name: str, share: float) -> int:
    """Drop the newest `share` of a table's rows from the copy; returns the rows dropped."""
    import polars as pl

    frame = store.scan(name).collect()
    if frame.height == 0:
        return 0
    cut = frame["id"].sort()[int(frame.height * (1 - share))]
    kept = frame.filter(pl.col("id") < cut)
    store.rewrite(name, kept)
    marks = store.table_state(name)
    marks.update(max_id=int(cut) - 1, rows=kept.height)
    if marks.get("window") is not None:
        marks["window"] = min(marks["window"], int(cut))
    store.save_table_state(name, marks)
    return frame.height - kept.height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spark", action="store_true", help="time the dashboards on Spark too")
    parser.add_argument("--day", help="reference day (AAAA-MM-JJ), default: today")
    args = parser.parse_args()
    os.environ["OPENAMO_ANALYTICS_DIR"] = tempfile.mkdtemp(prefix="openamo-analytics-")
    setup()
    from openamo.analytics import store
    from openamo.analytics.dashboards import DASHBOARDS, dashboard_figures
    from openamo.analytics.engines import DuckDBEngine, SparkEngine
    from openamo.analytics.extract import analytics_refresh
    from openamo.analytics.queries import Params, Scope
    from openamo.claims.models import StatementLine
    from openamo.members.models import Beneficiary

    print(
        f"fund: {Beneficiary.objects.count():,} beneficiaries, "
        f"{StatementLine.objects.count():,} statement lines"
    )
    started = time.perf_counter()
    results = analytics_refresh(full=True)
    full = time.perf_counter() - started
    rows = sum(r.rows for r in results)
    print(f"full extraction: {full:.2f} s ({rows:,} rows, {rows / full:,.0f} rows/s)")
    for r in results:
        print(f"  {r.name:<15} {r.rows:>10,} rows {r.seconds:7.2f} s")
    started = time.perf_counter()
    analytics_refresh()
    print(f"refresh, nothing changed: {time.perf_counter() - started:.2f} s")
    dropped = sum(rewind(store, name, 1 / 365) for name in ("claims", "statements", "lines"))
    started = time.perf_counter()
    results = analytics_refresh()
    seconds = time.perf_counter() - started
    print(f"refresh after a day of new claims ({dropped:,} rows): {seconds:.2f} s")
    for r in results:
        if r.mode != "unchanged":
            print(f"  {r.name:<15} {r.mode:<9} {r.rows_read:>9,} read {r.seconds:7.2f} s")
    day = date.fromisoformat(args.day) if args.day else date.today()
    engines = [DuckDBEngine()] + ([SparkEngine()] if args.spark else [])
    for engine in engines:
        for slug in DASHBOARDS:
            dashboard_figures(slug, engine, Scope(), Params(day=day), top=True)  # warm
            started = time.perf_counter()
            figures = dashboard_figures(slug, engine, Scope(), Params(day=day), top=True)
            elapsed = time.perf_counter() - started
            print(
                f"dashboard {slug:<13} {engine.name:<6} {elapsed * 1000:8.0f} ms "
                f"({len(figures)} figures)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
