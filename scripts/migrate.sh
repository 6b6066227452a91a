#!/bin/sh
# Apply migrations. With DATABASE_OWNER_URL set they run as that role, the owner of the
# tables, while the application itself connects (DATABASE_URL) as DATABASE_APP_ROLE, a role
# that owns nothing; migrate then grants that role its rights (audit/db_roles.py, C10).
# Without it (SQLite, a development PostgreSQL) one connection does everything.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
if [ -n "${DATABASE_OWNER_URL:-}" ]; then
  DATABASE_URL="$DATABASE_OWNER_URL" exec "$PYTHON" manage.py migrate --noinput "$@"
fi
exec "$PYTHON" manage.py migrate --noinput "$@"
