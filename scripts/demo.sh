#!/usr/bin/env bash
# Installs everything, builds the demo fund on SQLite and serves it (gunicorn, 2 workers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
export OPENAMO_LISTEN="${OPENAMO_LISTEN:-127.0.0.1:8000}"
.venv/bin/openamo demo
exec .venv/bin/gunicorn openamo.config.wsgi --bind "$OPENAMO_LISTEN" --workers 2 \
  --threads 2 --worker-class gthread --access-logfile - --log-level warning
