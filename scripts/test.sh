#!/usr/bin/env bash
# Installs everything and runs the whole test suite (SQLite, or PostgreSQL with DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Browser tests drive Debian's Chromium (Playwright downloads no browser here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else
    sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
exec .venv/bin/pytest "$@"
