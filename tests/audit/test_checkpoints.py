"""Daily checkpoints of the access log's head, outside the database (C5, C10)."""

import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit import tasks
from audit.checkpoints import checkpoint_write
from audit.models import AccessLog
from audit.services import access_record
from tests.app_role import acting_as_owner

pytestmark = pytest.mark.django_db

# TRUNCATE waits for no deferred foreign-key check: run the pending ones first.
EMPTY = {
    "postgresql": "SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE audit_accesslog",
    "sqlite": "DELETE FROM audit_accesslog",
}


def log(n: int) -> list[AccessLog]:
    return [
        access_record(
            user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr=f"row {i}"
        )
        for i in range(n)
    ]


def test_a_checkpoint_records_the_head_signed_and_read_only(settings):
    entries = log(3)
    checkpoint = checkpoint_write()
    assert checkpoint.written and checkpoint.path.parent == settings.AUDIT_CHECKPOINT_DIR
    head = json.loads(checkpoint.path.read_text())
    assert head["count"] == 3 and head["last_id"] == entries[-1].pk
    assert head["last_hash"] == entries[-1].hash and len(head["signature"]) == 64
    assert stat.S_IMODE(checkpoint.path.stat().st_mode) == 0o440
    assert [p.name for p in checkpoint.path.parent.iterdir()] == [checkpoint.path.name]


def test_a_day_has_one_checkpoint_never_overwritten(capsys):
    log(2)
    first = checkpoint_write()
    content = first.path.read_bytes()
    log(2)
    again = checkpoint_write()
    assert not again.written and again.path == first.path
    assert first.path.read_bytes() == content
    call_command("audit_checkpoint")
    assert "exists already, left as it was" in capsys.readouterr().out
    assert first.path.read_bytes() == content


def test_the_daily_task_writes_the_checkpoint(settings):
    log(1)
    path = tasks.checkpoint_write()
    assert json.loads(open(path).read())["count"] == 1


def test_a_checkpoint_of_an_empty_log_verifies(capsys):
    call_command("audit_checkpoint")
    call_command("verify_audit")
    assert "0 entries, chain verified, 1 checkpoints checked" in capsys.readouterr().out


def test_an_altered_checkpoint_is_reported():
    log(3)
    path = checkpoint_write().path
    head = json.loads(path.read_text())
    path.chmod(0o640)
    path.write_text(json.dumps({**head, "count": 2}))
    with pytest.raises(CommandError, match="signature is wrong"):
        call_command("verify_audit")


def test_a_row_slipped_into_a_gap_is_reported_by_the_count(require_services):
    """A rolled-back append leaves a gap in the ids; a row inserted there later (the
    application's role may insert) changes the count before the checkpointed row."""
    first = log(1)[0]
    with pytest.raises(RuntimeError), transaction.atomic():
        log(1)
        raise RuntimeError("rolled back")
    last = log(1)[0]
    gap = first.pk + 1
    assert last.pk > gap
    checkpoint_write()
    with acting_as_owner(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_accesslog (id, at, username, action, target_type, target_id,"
            " target_repr, path, copy_number, reader_hidden, prev_hash, hash)"
            " SELECT %s, at, username, action, target_type, target_id, target_repr, path,"
            " copy_number, reader_hidden, prev_hash, hash FROM audit_accesslog WHERE id = %s",
            [gap, last.pk],
        )
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"entry {gap}: its content was altered" in str(error.value) or (
        f"entry {last.pk}: the entry before it is missing" in str(error.value)
    )
    assert f"3 entries up to entry {last.pk}, the checkpoint recorded 2" in str(error.value)


def test_an_auditors_copy_of_the_checkpoints_is_checked(settings, tmp_path, capsys):
    """Checkpoints removed from the server still count where the auditor keeps a copy."""
    entries = log(2)
    path = checkpoint_write().path
    copy = tmp_path / "auditor"
    copy.mkdir()
    (copy / path.name).write_bytes(path.read_bytes())
    path.chmod(0o640)
    path.unlink()
    call_command("verify_audit", checkpoint_dir=str(copy))
    assert "2 entries, chain verified, 1 checkpoints checked" in capsys.readouterr().out
    with acting_as_owner(), connection.cursor() as cursor:
        cursor.execute(EMPTY[connection.vendor])
    call_command("verify_audit")  # the server's own folder is empty now
    with pytest.raises(CommandError, match=f"entry {entries[-1].pk} is missing"):
        call_command("verify_audit", checkpoint_dir=str(copy))
