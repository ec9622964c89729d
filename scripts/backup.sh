#!/usr/bin/env bash
# Back up the OpenAMO PostgreSQL database to one compressed archive (custom format), readable
# by its owner only. Usage: scripts/backup.sh [DIRECTORY]   (DATABASE_URL names the database)
# Restore (docs/operations.md): pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" FILE
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
dir="${1:-var/backups}"
mkdir -p "$dir" && chmod 700 "$dir"
file="$dir/openamo-$(date -u +%Y%m%dT%H%M%SZ).dump"
umask 077
pg_dump --format=custom --compress=6 --no-owner --file="$file" "$DATABASE_URL"
pg_restore --list "$file" > /dev/null  # the archive reads back
echo "$file"
