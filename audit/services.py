"""Writing the access log (C5): one chained, append-only row per protected read or event."""

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AccessLog

# One PostgreSQL advisory lock serialises appends, so each row chains to the one before.
CHAIN_LOCK = 0x6261_6F6D  # "baom"


def access_record(
    *,
    user,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_repr: str = "",
    request=None,
    copy_number: str = "",
    username: str = "",
    hide_reader: bool = False,
) -> AccessLog:
    """Append one access-log row; `target` or (`target_type`, `target_repr`) names what was read."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_repr = target_repr or str(target)
    authenticated = user is not None and user.is_authenticated
    entry = AccessLog(
        at=timezone.now(),
        user=user if authenticated else None,
        username=(username or getattr(user, "username", "") or "system")[:150],
        action=action,
        target_type=target_type[:100],
        target_id=str(target.pk) if target is not None else "",
        target_repr=target_repr[:255],
        path=request.get_full_path()[:500] if request is not None else "",
        ip=request.META.get("REMOTE_ADDR") if request is not None else None,
        copy_number=copy_number,
        reader_hidden=hide_reader,
    )
    if connection.vendor == "postgresql":
        return _append(entry)
    with transaction.atomic():
        entry.prev_hash = AccessLog.objects.order_by("-id").values_list("hash", flat=True).first()
        entry.prev_hash = entry.prev_hash or ""
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


# The row chained onto the head this process last saw, in one statement: the chain's lock is
# taken and the head read inside it (audit_chain_head, migration 0012), and the row goes in
# only if that head is still the one its hash was computed on; else the statement returns the
# new head and the row is chained again onto it. No BEGIN and COMMIT around it: a statement is
# its own transaction, and the lock lasts until it ends (or until the caller's transaction
# does, as before).
_APPEND = """
WITH head AS (SELECT audit_chain_head(%s) AS hash),
added AS (
    INSERT INTO audit_accesslog (at, user_id, username, action, target_type, target_id,
        target_repr, path, ip, copy_number, reader_hidden, prev_hash, hash)
    SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM head WHERE head.hash = %s
    RETURNING id
)
SELECT head.hash, (SELECT id FROM added) FROM head
"""
_LAST_HEAD = {"hash": ""}  # the head this process last wrote or was told of


def _append(entry: AccessLog) -> AccessLog:
    head = _LAST_HEAD["hash"]
    while True:
        entry.prev_hash = head
        entry.hash = entry.compute_hash()
        fields = [
            entry.at,
            entry.user_id,
            entry.username,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_repr,
            entry.path,
            entry.ip,
            entry.copy_number,
            entry.reader_hidden,
            entry.prev_hash,
            entry.hash,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_APPEND, [CHAIN_LOCK, *fields, entry.prev_hash])
            head, added = cursor.fetchone()
        if added is not None:
            entry.pk = added
            entry._state.adding, entry._state.db = False, connection.alias
            _LAST_HEAD["hash"] = entry.hash
            return entry
