"""The access log's chain becomes keyed (HMAC under AUDIT_KEY, audit.chain): every existing
row is re-chained under the key, so `verify_audit` passes afterwards; and the daily
checkpoint of the chain's head is scheduled (23:55 Asia/Shanghai, editable).

Re-chaining would bless whatever the table holds, so it first checks the old chain and
stops if that is broken: the log then holds evidence of tampering, to be examined before
anything else (AUDIT_RECHAIN_BROKEN_LOG=1 re-chains it all the same, once that is done).

Runs as the owner of the tables, like every migration: the append-only trigger is switched
off inside this migration's transaction only.
"""

from django.conf import settings
from django.db import migrations

from audit import append_only
from audit.chain import chain_rebuild, chain_verify, entry_hash, unkeyed_entry_hash
from audit.schedules import periodic_task_ensure


def _rechain(apps, schema_editor, old, new):
    AccessLog = apps.get_model("audit", "AccessLog")
    entries = AccessLog.objects.using(schema_editor.connection.alias).order_by("id")
    if not entries.exists():
        return
    checked, problem = chain_verify(entries.iterator(2000), digest=old)
    if problem and not settings.AUDIT_RECHAIN_BROKEN_LOG:
        raise RuntimeError(
            f"the access log's chain is broken after {checked} good entries ({problem}): "
            "examine and keep the log as it is; AUDIT_RECHAIN_BROKEN_LOG=1 re-chains it anyway"
        )
    with append_only.trigger_suspended(schema_editor.connection, AccessLog._meta.db_table):
        chain_rebuild(
            entries.iterator(2000),
            new,
            lambda batch: entries.bulk_update(batch, ["prev_hash", "hash"]),
        )


def rechain_keyed(apps, schema_editor):
    _rechain(apps, schema_editor, old=unkeyed_entry_hash, new=entry_hash)


def rechain_unkeyed(apps, schema_editor):
    _rechain(apps, schema_editor, old=entry_hash, new=unkeyed_entry_hash)


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
