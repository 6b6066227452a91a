"""On PostgreSQL, history tables, the access log and the account events refuse UPDATE and
DELETE (R1, C5).

Installed after every `migrate` (post_migrate), so the history tables of apps added later
are covered too. Idempotent. TRUNCATE (a test database reset) is not affected.
"""

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
