#!/usr/bin/env bash
# Quick start: migrate, load demo data, then serve Baomi with its Celery worker and beat.
# With no DATABASE_URL/REDIS_URL it uses SQLite and the embedded filesystem broker. With
# DATABASE_OWNER_URL, migrations run as the tables' owner and everything else as DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
PORT="${PORT:-8000}"
PY=.venv/bin/python
CELERY=.venv/bin/celery
PYTHON=$PY scripts/migrate.sh
$PY manage.py seed_demo
mkdir -p var/log
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$CELERY -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
$CELERY -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule >var/log/beat.log 2>&1 &
pids+=($!)
echo
echo "Baomi: http://127.0.0.1:${PORT}/  (worker and beat logs in var/log/)"
echo "Demo logins, password Demo-2026: sysadmin secadmin secauditor hr hr_head vp gm head_rd head_cs archivist info_spec security it auditor emp_rd emp_cs"
echo
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload
