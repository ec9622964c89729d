"""Runs one step of OpenAMO in a process of its own, with a fault planted in it.

    python -m tests.faults.driver [--fault module:function:N:mode] [--day AAAA-MM-JJ]
                                  [--before REPORT] [--after REPORT] STEP...

STEP is a management command with its arguments (`adjudicate --chunk 5 --quiet`) or
`call:module:function` (a function of tests/faults/steps.py taking no argument; what it
returns is printed as JSON on the last line). The fault wraps `module.function`: on its N-th
call, once the real function has returned (so its writes are made, not committed), the process
prints `FAULT-POINT <database backend pid>` and then, by mode:
- `kill`: sends itself SIGKILL;
- `wait`: sleeps until killed from outside (the test kills it on reading the line);
- `pause`: waits for a line on stdin, then goes on (the test cuts its database connection
  meanwhile);
- `cut`: has PostgreSQL terminate its connection (`pg_terminate_backend`, from a second
  connection, as an administrator or a failover would), then goes on.
STEP `gunicorn ARGS...` serves the application with gunicorn (the fault planted before the
workers fork).
REPORT names a function of tests/faults/steps.py: its answer is printed as `BEFORE {json}` before
the step and `AFTER {json}` after it (so the process that reruns a killed step also shows what
the killed one left). The clock is set to noon on `--day` (ticking), as the tests' `frozen_day` does."""

import functools
import importlib
import json
import os
import signal
import sys
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo


def _plant(spec: str) -> None:
    module_name, function_name, count, mode = spec.split(":")
    module = importlib.import_module(module_name)
    real = getattr(module, function_name)
    calls = {"n": 0}

    @functools.wraps(real)
    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == int(count):
            _fault(mode)
        return result

    setattr(module, function_name, wrapper)


def _fault(mode: str) -> None:
    from django.db import connection

    pid = connection.connection.info.backend_pid if connection.vendor == "postgresql" else 0
    print(f"FAULT-POINT {pid}", flush=True)
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "wait":
        while True:
            time.sleep(1)
    elif mode == "pause":
        sys.stdin.readline()
    elif mode == "cut":
        import psycopg

        with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
    import django

    django.setup()
    import time_machine

    faults, day, reports = [], date.today(), {}
    while argv and argv[0].startswith("--"):
        option, value, argv = argv[0], argv[1], argv[2:]
        if option == "--fault":
            faults.append(value)
        elif option == "--day":
            day = date.fromisoformat(value)
        else:
            reports[option[2:]] = value
    zone = ZoneInfo("Africa/Casablanca")
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=zone), tick=True):
        _report("before", reports)
        for spec in faults:
            _plant(spec)
        if argv[0] == "gunicorn":
            from gunicorn.app.wsgiapp import run

            sys.argv = ["gunicorn", "openamo.config.wsgi", *argv[1:]]
            run()
        elif argv[0].startswith("call:"):
            _, module_name, function_name = argv[0].split(":")
            result = getattr(importlib.import_module(module_name), function_name)()
            print(f"RESULT {json.dumps(result, default=str)}", flush=True)
        else:
            from django.core.management import call_command

            call_command(*argv)
        _report("after", reports)


def _report(when: str, reports: dict) -> None:
    if name := reports.get(when):
        from tests.faults import steps

        print(f"{when.upper()} {json.dumps(getattr(steps, name)(), default=str)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
