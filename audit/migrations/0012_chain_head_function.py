# audit_chain_head(lock): the access log's last hash, read after taking the chain's lock, in
# one round trip. The function is VOLATILE, so its SELECT takes a fresh snapshot after the
# lock is held (a plain "SELECT lock, (SELECT hash …)" would read a snapshot taken before).

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    RETURN COALESCE((SELECT hash FROM audit_accesslog ORDER BY id DESC LIMIT 1), '');
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS audit_chain_head(bigint);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0011_reports_models_to_reports")]

    operations = [migrations.RunPython(create, drop)]
