#!/usr/bin/env bash
# Debian packages OpenAMO needs beyond Python: Pango for PDF statements (WeasyPrint) and,
# for the browser tests, Chromium. Installs only what is missing.
set -euo pipefail
wanted=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--browser" ]; then wanted+=(chromium); fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
  || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
