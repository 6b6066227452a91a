"""The access log's chain becomes keyed (HMAC under AUDIT_KEY, audit.chain): every existing
row is re-chained under the key, so `verify_audit` passes afterwards; and the daily
checkpoint of the chain's head is scheduled (23:55 Asia/Shanghai, editable).

Runs as the owner of the tables, like every migration: the append-only trigger is switched
off inside this migration's transaction only.
"""

from django.db import migrations

from audit import append_only
from audit.chain import chain_rebuild, entry_hash, unkeyed_entry_hash
from audit.schedules import periodic_task_ensure


def _rechain(apps, schema_editor, digest):
    AccessLog = apps.get_model("audit", "AccessLog")
    entries = AccessLog.objects.using(schema_editor.connection.alias).order_by("id")
    if not entries.exists():
        return
    with append_only.trigger_suspended(schema_editor.connection, AccessLog._meta.db_table):
        chain_rebuild(
            entries.iterator(2000),
            digest,
            lambda batch: entries.bulk_update(batch, ["prev_hash", "hash"]),
        )


def rechain_keyed(apps, schema_editor):
    _rechain(apps, schema_editor, entry_hash)


def rechain_unkeyed(apps, schema_editor):
    _rechain(apps, schema_editor, unkeyed_entry_hash)


def schedule(apps, schema_editor):
    periodic_task_ensure(apps, "audit.checkpoint_write", minute="55", hour="23")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_hidden_reader"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(rechain_keyed, rechain_unkeyed),
        migrations.RunPython(schedule, migrations.RunPython.noop),
    ]
