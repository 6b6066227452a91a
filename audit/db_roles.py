"""The application's PostgreSQL role owns nothing (C10).

`migrate` runs as the owner of the tables (DATABASE_OWNER_URL); after it (post_migrate)
the application's role, DATABASE_APP_ROLE, is granted exactly:

- SELECT, INSERT, UPDATE, DELETE on ordinary tables;
- SELECT, INSERT on the access log and every history table (append_only.protected_tables);
- SELECT on django_migrations (the application never records a migration);
- USAGE, SELECT on sequences, USAGE on the schema.

Nothing else: no TRUNCATE, no REFERENCES or TRIGGER, no ownership, hence no ALTER TABLE, no
DISABLE TRIGGER and no DROP. Whoever holds only the application's credentials can neither
rewrite nor empty the audit trail nor switch its trigger off. Re-run after every migrate,
so tables added later are covered; idempotent.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

from .append_only import protected_tables

READ_ONLY = {"django_migrations"}


def app_role_grant(using="default", **_kwargs) -> None:
    connection = connections[using]
    role = settings.DATABASE_APP_ROLE
    if not role or connection.vendor != "postgresql":
        return
    tables = set(connection.introspection.table_names())
    if not tables:
        return
    protected = tables & set(protected_tables())
    read_only = tables & READ_ONLY
    ordinary = tables - protected - read_only
    quote = connection.ops.quote_name

    def names(group) -> str:
        return ", ".join(quote(table) for table in sorted(group))

    grantee = quote(role)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _check_role(cursor, role)
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        cursor.execute(f"REVOKE ALL ON {names(tables)} FROM {grantee}")
        cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}")
        cursor.execute(f"REVOKE CREATE ON SCHEMA {schema} FROM {grantee}")
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {grantee}")
        for group, rights in [
            (ordinary, "SELECT, INSERT, UPDATE, DELETE"),
            (protected, "SELECT, INSERT"),
            (read_only, "SELECT"),
        ]:
            if group:
                cursor.execute(f"GRANT {rights} ON {names(group)} TO {grantee}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}")


def _check_role(cursor, role: str) -> None:
    """Refuse a set-up in which the grants would protect nothing."""
    cursor.execute(
        "SELECT rolsuper,"
        " pg_has_role(r.oid, current_user, 'MEMBER') OR EXISTS (SELECT 1 FROM pg_tables t"
        "  WHERE t.schemaname = current_schema() AND pg_has_role(r.oid, t.tableowner, 'MEMBER')),"
        " pg_has_role(r.oid, 'pg_write_all_data', 'USAGE')"
        " FROM pg_roles r WHERE r.rolname = %s",
        [role],
    )
    row = cursor.fetchone()
    if row is None:
        raise ImproperlyConfigured(
            f"DATABASE_APP_ROLE: the role {role!r} does not exist; create it (README, "
            "'Database roles') before migrating"
        )
    superuser, owner, writes_all = row
    if superuser or owner or writes_all:
        raise ImproperlyConfigured(
            f"DATABASE_APP_ROLE: the role {role!r} is a superuser, owns tables (or is a member "
            "of their owner or of the role running migrate), or writes all data: migrate as "
            "the owner (DATABASE_OWNER_URL) and let the application connect as a role that "
            "owns nothing"
        )
