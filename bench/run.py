"""Run every benchmark at one size against SQLite or PostgreSQL and print one table.

    .venv/bin/python bench/run.py --size 10000                       # SQLite, throwaway files
    .venv/bin/python bench/run.py --size 100000 \\
        --postgres postgres://postgres@127.0.0.1:5432                 # one throwaway db each

Each benchmark runs as its own process against its own empty database (a temporary SQLite
file, or a PostgreSQL database created then dropped), so their figures do not mix. `--size`
is the number of beneficiaries (synth), of claim files (adjudication), of families × 4
(eligibility, PostgreSQL only: it needs gunicorn). Scripts in bench/ that this runner does not
know yet are run with `--size N` when their --help offers it, else listed as skipped.
Columns: operation, size, throughput, p50, p99, peak memory of the benchmark's process tree.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable


def _synth(size, _pg):
    return ["--beneficiaries", str(size)]


def _adjudication(size, _pg):
    return ["--claims", str(size)]


def _eligibility(size, pg):
    if not pg:
        return None  # needs PostgreSQL and gunicorn
    return ["--families", str(max(1000, size // 4)), "--rate", "200", "--seconds", "20"]


def _parse_synth(out: str):
    rows = []
    for m in re.finditer(r"^RESULT (\S+) (\d+) ([\d.]+) (\S+) (\S+) (\S+) (\d+)", out, re.M):
        op, size, _secs, thr, p50, p99, _ = m.groups()
        rows.append((op, int(size), thr, p50, p99))
    return rows


def _parse_adjudication(out: str):
    m = re.search(r"throughput: ([\d,]+) claims/s, ([\d,]+) lines/s", out)
    n = re.search(r"adjudicated: (\d+) claims", out)
    if not m:
        return []
    return [("adjudicate_batch", int(n.group(1)) if n else 0, f"{m.group(1)} claims/s", "-", "-")]


def _parse_eligibility(out: str):
    m = re.search(r"latency ms: p50 ([\d.]+)\s+p90 [\d.]+\s+p99 ([\d.]+)", out)
    a = re.search(r"achieved (\d+) req/s", out)
    if not m:
        return []
    return [
        (
            "eligibility_http",
            0,
            f"{a.group(1) if a else '?'} req/s",
            f"{m.group(1)} ms",
            f"{m.group(2)} ms",
        )
    ]


def _single(size, _pg):
    return ["--size", str(min(size, 30000)), "--files", "200", "--reload-files", "40"]


def _parse_single(out: str):
    return [
        (op, int(size), f"{rate} files/s ({sql} SQL/file)", f"{mean} ms (mean)", f"{p99} ms")
        for op, size, _n, rate, mean, p99, sql in re.findall(
            r"^RESULT (\S+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", out, re.M
        )
    ]


KNOWN = {
    "single": (_single, _parse_single),
    "synth": (_synth, _parse_synth),
    "adjudication": (_adjudication, _parse_adjudication),
    "eligibility": (_eligibility, _parse_eligibility),
}


def _database(name: str, pg: str | None, tmp: Path):
    """Environment for one benchmark: a fresh database, and how to drop it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    var = tmp / name
    var.mkdir()
    env["OPENAMO_VAR_DIR"] = str(var)
    if not pg:
        env.pop("DATABASE_URL", None)
        return env, lambda: None
    db = f"bench_run_{name}_{os.getpid()}"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')

    def drop():
        with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    env["DATABASE_URL"] = f"{pg}/{db}"
    return env, drop


def _run(script: Path, args: list[str], env) -> tuple[str, float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, str(script), *args], env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{script.name} failed ({proc.returncode}):\n{out[-3000:]}")
    return out, time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--postgres", help="server URL without database, e.g. postgres://u@h:5432")
    parser.add_argument("--only", action="append", help="run only these benchmarks (repeatable)")
    args = parser.parse_args()
    scripts = sorted(p for p in BENCH.glob("*.py") if p.stem != "run")
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="openamo-bench-") as tmp:
        for script in scripts:
            name = script.stem
            if args.only and name not in args.only:
                continue
            if name in KNOWN:
                build, parse = KNOWN[name]
                bench_args = build(args.size, args.postgres)
            else:
                helptext = subprocess.run([PYTHON, str(script), "--help"], capture_output=True, text=True, cwd=ROOT).stdout  # fmt: skip
                bench_args = ["--size", str(args.size)] if "--size" in helptext else None

                def parse(out, n=name):
                    return [
                        (
                            n,
                            args.size,
                            out.strip().splitlines()[-1][:40] if out.strip() else "-",
                            "-",
                            "-",
                        )
                    ]

            if bench_args is None:
                notes.append(f"{name}: skipped (needs --postgres or a --size option)")
                continue
            env, drop = _database(name, args.postgres, Path(tmp))
            print(f"… {name} {' '.join(bench_args)}", file=sys.stderr, flush=True)
            try:
                out, seconds, peak = _run(script, bench_args, env)
            except RuntimeError as error:
                notes.append(str(error).splitlines()[0])
                continue
            finally:
                drop()
            for op, size, thr, p50, p99 in parse(out) or [(name, args.size, "?", "-", "-")]:
                rows.append(
                    (op, size or args.size, thr, p50, p99, f"{peak:,.0f} MB", f"{seconds:,.0f} s")
                )
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{engine}, size {args.size:,}, {os.cpu_count()} CPUs\n")
    header = ("operation", "size", "throughput", "p50", "p99", "peak memory", "wall")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
