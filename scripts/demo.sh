#!/usr/bin/env bash
# Installs everything, builds the demo fund on SQLite and starts the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-deps.sh
.venv/bin/openamo demo
exec .venv/bin/openamo runserver "${OPENAMO_LISTEN:-127.0.0.1:8000}" --noreload
