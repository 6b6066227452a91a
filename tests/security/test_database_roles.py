"""The application's database role (C10): it reads and appends the audit trail, and nothing
it can do rewrites, empties or unprotects it. The whole suite runs as that role on
PostgreSQL (tests/conftest.py); migrations and the teardown flush run as the owner."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction

from audit.models import AccessLog
from audit.services import access_record
from tests.app_role import acting_as_owner

pytestmark = pytest.mark.django_db

REFUSED = "permission denied|must be owner"
PROTECTED = ["audit_accesslog", "personnel_historicalemployee"]


def run(sql):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_tests_run_as_the_application_role(require_services):
    assert settings.DATABASE_APP_ROLE
    assert current_user() == settings.DATABASE_APP_ROLE


@pytest.mark.parametrize("table", PROTECTED)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET id = id",
        "DELETE FROM {table}",
        "TRUNCATE {table}",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} OWNER TO CURRENT_USER",
        "DROP TABLE {table}",
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_trail(require_services, demo, table, sql):
    access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr="t")
    with pytest.raises(DatabaseError, match=REFUSED):
        run(sql.format(table=table))


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE personnel_employee",
        "ALTER TABLE personnel_employee ADD COLUMN extra integer",
        "CREATE TABLE public.extra (id integer)",
        "INSERT INTO django_migrations (app, name, applied) VALUES ('audit', 'x', now())",
    ],
)
def test_the_application_role_changes_no_schema_and_empties_no_table(require_services, sql):
    with pytest.raises(DatabaseError, match=REFUSED):
        run(sql)


def test_the_application_role_appends_to_the_log_and_edits_ordinary_tables(require_services, demo):
    entry = access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr="t")
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    run("UPDATE personnel_department SET name = name")


def test_migrate_grants_the_application_role_exactly_its_rights(require_services):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = %s AND table_schema = current_schema()",
            [settings.DATABASE_APP_ROLE],
        )
        granted = {}
        for table, privilege in cursor.fetchall():
            granted.setdefault(table, set()).add(privilege)
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            " AND tableowner = %s",
            [settings.DATABASE_APP_ROLE],
        )
        owned = cursor.fetchone()[0]
    assert owned == 0
    assert set(granted) == set(connection.introspection.table_names())
    for table in PROTECTED:
        assert granted[table] == {"SELECT", "INSERT"}, table
    assert granted["django_migrations"] == {"SELECT"}
    assert granted["personnel_employee"] == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert not set().union(*granted.values()) - {"SELECT", "INSERT", "UPDATE", "DELETE"}


def test_migrating_as_the_application_role_is_refused(require_services):
    from audit.db_roles import app_role_grant

    with pytest.raises(ImproperlyConfigured, match="migrate as the owner"):
        app_role_grant()


def test_a_missing_application_role_is_refused(require_services, settings):
    from audit.db_roles import app_role_grant

    settings.DATABASE_APP_ROLE = "baomi_no_such_role"
    with acting_as_owner(), pytest.raises(ImproperlyConfigured, match="does not exist"):
        app_role_grant()


def test_an_application_role_sharing_the_owners_rights_is_refused(require_services, settings):
    from audit.db_roles import app_role_grant

    with acting_as_owner(), connection.cursor() as cursor:
        # Rolled back with the test: the role never exists outside it.
        cursor.execute("CREATE ROLE baomi_owner_in_disguise NOLOGIN")
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_accesslog'")
        owner = connection.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(f"GRANT {owner} TO baomi_owner_in_disguise")
        settings.DATABASE_APP_ROLE = "baomi_owner_in_disguise"
        with pytest.raises(ImproperlyConfigured, match="owns tables"):
            app_role_grant()
