#!/usr/bin/env bash
# Installs the Debian packages Baomi needs that a fresh Debian 12 lacks:
# a CJK font and HarfBuzz subsetting for Chinese PDFs, poppler for PDF text checks,
# Chromium for the browser tests, pg_dump/pg_restore for backups, docker-compose to check
# the compose file offline. Only installs what is missing; needs root.
set -euo pipefail
packages=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils chromium postgresql-client
          docker-compose)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} — run as root or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
