"""Fault tests run OpenAMO in real processes (tests/faults/driver.py) against a database of
their own: the test builds a small world in the test database (committed), copies it — a
SQLite file made with SQLite's backup API, or a PostgreSQL database made from the test
database as a template — and the processes work on the copy. Each test gets its own copy; the
copy is dropped at the end."""

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.clock import FIXED_DAY

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
_numbers = itertools.count(1)


def pg_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgresql://{s['USER']}{password}@{host}:{port}/{name}"


def pg_admin():
    return psycopg.connect(pg_url("postgres"), autocommit=True)


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def marked(self, mark: str) -> dict:
        """The JSON the driver printed after `mark` (BEFORE, AFTER)."""
        for line in self.out.splitlines():
            if line.startswith(f"{mark} "):
                return json.loads(line[len(mark) + 1 :])
        raise AssertionError(f"no {mark} line in:\n{self.out}\n{self.err}")


@dataclass
class Copy:
    """A copy of the test database, and how to run a step of OpenAMO against it."""

    url: str
    home: Path

    @property
    def env(self) -> dict:
        return dict(
            os.environ,
            DATABASE_URL=self.url,
            OPENAMO_VAR_DIR=str(self.home),
            OPENAMO_CONN_MAX_AGE="0",
            DJANGO_SETTINGS_MODULE="openamo.config.settings",
            PYTHONPATH=str(ROOT),
        )

    def command(self, *step, fault=None, before=None, after=None) -> list[str]:
        argv = [sys.executable, "-m", "tests.faults.driver", "--day", FIXED_DAY.isoformat()]
        for option, value in (("--fault", fault), ("--before", before), ("--after", after)):
            if value:
                argv += [option, value]
        return [*argv, *step]

    def run(self, *step, **kw) -> Outcome:
        done = subprocess.run(
            self.command(*step, **kw),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        return Outcome(done.returncode, done.stdout, done.stderr)

    def start(self, *step, **kw) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*step, **kw),
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def fault_point(process: subprocess.Popen) -> int:
    """Reads the process's output up to its fault point (kept in `process.seen`); the database
    backend pid it gives."""
    process.seen = []
    for line in process.stdout:
        process.seen.append(line)
        if line.startswith("FAULT-POINT"):
            return int(line.split()[1])
    process.wait(TIMEOUT)
    raise AssertionError(f"no fault point (exit {process.returncode}): {process.stderr.read()}")


def kill(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGKILL)
    return process.wait(TIMEOUT)


@pytest.fixture
def database_copy(transactional_db, tmp_path):
    """Call it once the world is built: it returns the copy to run processes against."""
    made = []

    def copy() -> Copy:
        home = tmp_path / f"var{next(_numbers)}"
        home.mkdir()
        if connection.vendor == "sqlite":
            path = home / "openamo.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            return Copy(f"sqlite:///{path}", home)
        source = connection.settings_dict["NAME"]
        name = f"{source}_fault{os.getpid()}_{next(_numbers)}"
        connection.close()  # a template database must have no session
        with pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for attempt in range(20):  # an autovacuum worker may hold the template a moment
                try:
                    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
                    break
                except psycopg.errors.ObjectInUse:
                    if attempt == 19:
                        raise
                    # a session an earlier test of this worker left open (another thread's or
                    # alias's connection to the test database): the copy needs none
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [source],
                    )
                    time.sleep(0.5)
        made.append(name)
        return Copy(pg_url(name), home)

    yield copy
    if made:
        with pg_admin() as admin:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
