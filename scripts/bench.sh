#!/usr/bin/env bash
# `make bench`: load scale data into a dedicated PostgreSQL database (dropped and recreated),
# serve it with gunicorn as in production, then measure with bench/run.py (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/baomi_bench}"
EMPLOYEES="${BENCH_EMPLOYEES:-10000}"
export BENCH_WORKERS="${BENCH_WORKERS:-2}"

# The server's environment, shared by every manage.py step and by bench/run.py's query counts.
export DATABASE_URL="$DB_URL" DEBUG=0 SECRET_KEY="bench-only-not-secret-$(date +%s)-0123456789abcdef"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export STATIC_ROOT="${STATIC_ROOT:-var/bench/staticfiles}"
export PDF_CACHE_DIR="${PDF_CACHE_DIR:-var/bench/pdf-cache}"  # emptied by bench/run.py
mkdir -p var/bench

read -r PGHOST PGPORT PGUSER BENCH_DB PGPASSWORD < <($PY -c '
import sys
from urllib.parse import unquote, urlsplit
u = urlsplit(sys.argv[1])
print(u.hostname or "127.0.0.1", u.port or 5432, unquote(u.username or "postgres"),
      u.path.lstrip("/"), unquote(u.password or ""))' "$DB_URL") || true
export PGHOST PGPORT PGUSER PGPASSWORD
case "$BENCH_DB" in
  *bench*) ;;
  *) echo "bench: refusing to drop database '$BENCH_DB': its name must contain 'bench'" >&2; exit 2 ;;
esac

echo "bench: recreating database $BENCH_DB on $PGHOST:$PGPORT"
psql -q -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$BENCH_DB\" WITH (FORCE)" \
  -c "CREATE DATABASE \"$BENCH_DB\""
$PY manage.py migrate --noinput -v 0
DEBUG=1 $PY manage.py seed_scale --employees "$EMPLOYEES"  # refuses with DEBUG off: demo logins
DEBUG=1 $PY manage.py seed_scale_archives  # 100,000 catalogue items, 20,000 loans
$PY manage.py collectstatic --noinput -v 0

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# A timeout above the roster PDF's time: gunicorn's default (30 s) is the PDF target itself.
.venv/bin/gunicorn config.wsgi --workers "$BENCH_WORKERS" --bind "127.0.0.1:$PORT" \
  --timeout 120 --no-control-socket --error-logfile var/bench/gunicorn.log &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
echo "bench: gunicorn ($BENCH_WORKERS workers) on 127.0.0.1:$PORT, pid $GUNICORN"
# Every part runs even when one misses a target; the exit status says whether any did.
STATUS=0
$PY bench/run.py --url "http://127.0.0.1:$PORT" || STATUS=1
$PY bench/training.py || STATUS=1
$PY bench/archives.py --url "http://127.0.0.1:$PORT" || STATUS=1
$PY bench/load.py --url "http://127.0.0.1:$PORT" || STATUS=1  # 50 users at once
$PY bench/exams.py --url "http://127.0.0.1:$PORT" || STATUS=1  # 1,000 seats, 140 questions
# Last: it adds 10,000 imported employees, which the pages above must not count.
$PY bench/imports.py --url "http://127.0.0.1:$PORT" || STATUS=1
exit $STATUS
