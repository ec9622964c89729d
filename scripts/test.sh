#!/usr/bin/env bash
# Installs everything and runs the whole test suite (SQLite, or PostgreSQL with DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Pango for PDF statements, Debian's Chromium for the browser tests (Playwright downloads none).
bash scripts/system-deps.sh --browser
# Two workers by default (the machines have 2 cores), each taking whole test files (module
# fixtures such as the page scan's fund stay with their tests); `-n 0` runs in one process.
exec .venv/bin/pytest -n "${OPENAMO_TEST_WORKERS:-2}" --dist loadfile "$@"
