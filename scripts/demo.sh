#!/usr/bin/env bash
# Installs everything, builds the demo fund on SQLite and serves it (gunicorn, 2 workers), with
# the notification worker (`openamo worker`, log in var/worker.log) in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
export OPENAMO_LISTEN="${OPENAMO_LISTEN:-127.0.0.1:8000}"
.venv/bin/openamo demo
# The notification worker runs next to the server and stops with it (graceful on SIGTERM).
mkdir -p "${OPENAMO_VAR_DIR:-var}"
.venv/bin/openamo worker --interval 5 >>"${OPENAMO_VAR_DIR:-var}/worker.log" 2>&1 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
.venv/bin/gunicorn openamo.config.wsgi --bind "$OPENAMO_LISTEN" --workers 2 \
  --threads 2 --worker-class gthread --access-logfile - --log-level warning
