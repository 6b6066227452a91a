"""Daily checkpoints of the access log's chain head, kept outside the database (C5, C10).

The chain alone cannot show that its last rows were cut or the whole table emptied: what
is left still links up. So once a day the head (row count, last id, last hash, time) is
written to a file of its own in AUDIT_CHECKPOINT_DIR, signed with the audit key and never
overwritten. `verify_audit` then checks that every checkpointed row is still there, with
the same hash and as many rows before it.
"""

import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .chain import keyed_digest
from .models import AccessLog
from .services import CHAIN_LOCK

PREFIX = "access-log-"
SIGNED_FIELDS = ("date", "at", "count", "last_id", "last_hash")


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    written: bool  # False: the day's checkpoint existed already and was left as it was


def _signature(head: dict) -> str:
    message = json.dumps({k: head[k] for k in SIGNED_FIELDS}, sort_keys=True)
    return keyed_digest("checkpoint", message)


def _chain_head(now) -> dict:
    """Count, last id and last hash, read while no row is being appended."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AccessLog.objects.order_by("-id").values("id", "hash").first()
        count = AccessLog.objects.filter(id__lte=last["id"]).count() if last else 0
    return {
        "date": timezone.localdate(now).isoformat(),
        "at": now.isoformat(),
        "count": count,
        "last_id": last["id"] if last else None,
        "last_hash": last["hash"] if last else "",
    }


def checkpoint_write() -> Checkpoint:
    """Write today's checkpoint unless it exists. Idempotent: two runs on one day (the beat
    task and the command, or two beat processes) leave the first file as it was."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(mode=0o750, parents=True, exist_ok=True)
    now = timezone.now()
    path = directory / f"{PREFIX}{timezone.localdate(now).isoformat()}.json"
    if path.exists():
        return Checkpoint(path, written=False)
    head = _chain_head(now)
    body = json.dumps({**head, "signature": _signature(head)}, indent=2, sort_keys=True)
    # Written under a temporary name, then linked into place: link() never replaces a file,
    # so a checkpoint is complete when it appears and is never overwritten.
    temporary = directory / f".{path.name}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o440)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(body + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return Checkpoint(path, written=False)
    finally:
        temporary.unlink(missing_ok=True)
    return Checkpoint(path, written=True)


def _problem(path: Path) -> str | None:
    """What is wrong between one checkpoint file and the log, or None."""
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
        signature = head["signature"]
        expected = _signature(head)
    except (OSError, ValueError, KeyError, TypeError):
        return f"checkpoint {path.name} cannot be read"
    if not isinstance(signature, str) or not _same(signature, expected):
        return f"checkpoint {path.name}: its signature is wrong (the file was altered or forged)"
    if head["last_id"] is None:
        return None
    row = AccessLog.objects.filter(pk=head["last_id"]).values_list("hash", flat=True).first()
    if row is None:
        return (
            f"checkpoint {path.name}: entry {head['last_id']} is missing "
            "(the log's last entries were removed or the log was emptied)"
        )
    if not _same(row, head["last_hash"]):
        return f"checkpoint {path.name}: entry {head['last_id']} differs from the checkpoint"
    count = AccessLog.objects.filter(id__lte=head["last_id"]).count()
    if count != head["count"]:
        return (
            f"checkpoint {path.name}: {count} entries up to entry {head['last_id']}, "
            f"the checkpoint recorded {head['count']}"
        )
    return None


def _same(a, b) -> bool:
    return hmac.compare_digest(str(a), str(b))


def checkpoints_verify(*, directory=None) -> tuple[int, list[str]]:
    """Check every checkpoint (in AUDIT_CHECKPOINT_DIR, or an auditor's copy elsewhere)
    against the log: (checkpoints checked, problems found)."""
    directory = Path(directory or settings.AUDIT_CHECKPOINT_DIR)
    paths = sorted(directory.glob(f"{PREFIX}*.json")) if directory.is_dir() else []
    problems = [problem for path in paths if (problem := _problem(path))]
    return len(paths), problems
