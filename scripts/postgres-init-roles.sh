#!/usr/bin/env bash
# Run once by the postgres container on its first start (/docker-entrypoint-initdb.d,
# see docker-compose.yml): the database `baomi` and its two roles, neither a superuser.
#   baomi_owner  owns the database and its tables; only `migrate` connects as it.
#   baomi_app    the application (web, worker, beat); owns nothing. `migrate` grants it
#                SELECT/INSERT/UPDATE/DELETE on ordinary tables and only SELECT/INSERT on
#                the access log and history tables (audit/db_roles.py), so it can neither
#                rewrite, truncate nor unprotect the audit trail (C10).
set -euo pipefail
: "${BAOMI_OWNER_PASSWORD:?set BAOMI_OWNER_PASSWORD}" "${BAOMI_APP_PASSWORD:?set BAOMI_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$BAOMI_OWNER_PASSWORD" -v app_password="$BAOMI_APP_PASSWORD" <<'SQL'
CREATE ROLE baomi_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE baomi_app LOGIN PASSWORD :'app_password';
CREATE DATABASE baomi OWNER baomi_owner;
REVOKE ALL ON DATABASE baomi FROM PUBLIC;
GRANT CONNECT ON DATABASE baomi TO baomi_owner, baomi_app;
\connect baomi
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO baomi_app;
SQL
