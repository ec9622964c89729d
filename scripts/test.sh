#!/usr/bin/env bash
# Installs everything and runs the whole test suite (SQLite, or PostgreSQL with DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/pytest "$@"
