#!/usr/bin/env bash
# Installs everything and runs the whole test suite (SQLite, or PostgreSQL with DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Pango for PDF statements, Debian's Chromium for the browser tests (Playwright downloads none).
bash scripts/system-deps.sh --browser
exec .venv/bin/pytest "$@"
