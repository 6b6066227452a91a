"""On PostgreSQL, history tables, the access log and the account events refuse UPDATE and
DELETE (R1, C5).

Installed after every `migrate` (post_migrate), so the history tables of apps added later
are covered too. Idempotent. TRUNCATE (a test database reset) is not affected: that the
application cannot empty a table comes from its role's grants (audit.db_roles).
"""

from contextlib import contextmanager

from django.apps import apps
from django.db import connections
from simple_history.models import HistoricalChanges

FUNCTION = """
CREATE OR REPLACE FUNCTION baomi_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = """
DROP TRIGGER IF EXISTS baomi_append_only ON {table};
CREATE TRIGGER baomi_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION baomi_append_only();
"""


def protected_tables() -> list[str]:
    """History tables, and the tables of models that declare `APPEND_ONLY = True`."""
    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, HistoricalChanges) or getattr(m, "APPEND_ONLY", False)
    )


def install(using="default", **_kwargs) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in protected_tables():
            if table in existing:
                cursor.execute(TRIGGER.format(table=connection.ops.quote_name(table)))


@contextmanager
def trigger_suspended(connection, table: str):
    """For a migration, run by the table's owner, that must rewrite protected rows (re-keying
    the access log's chain): the trigger is off inside this transaction only and back on
    before it commits; if the migration fails, the rollback restores it anyway."""
    if connection.vendor != "postgresql" or not _has_trigger(connection, table):
        yield
        return
    assert connection.in_atomic_block, "suspend the trigger inside a transaction only"
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while deferred foreign-key checks are pending: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {quoted} DISABLE TRIGGER baomi_append_only")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {quoted} ENABLE TRIGGER baomi_append_only")


def _has_trigger(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'baomi_append_only'"
            " AND tgrelid = to_regclass(%s)",
            [connection.ops.quote_name(table)],
        )
        return cursor.fetchone() is not None
