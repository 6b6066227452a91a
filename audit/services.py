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
    with transaction.atomic():
        entry.prev_hash = _chain_head_locked()
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


def _chain_head_locked() -> str:
    """The last hash, read while holding the chain's lock until the transaction ends, so
    two appends never chain onto the same row (migration 0012: one round trip)."""
    if connection.vendor != "postgresql":
        return AccessLog.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_chain_head(%s)", [CHAIN_LOCK])
        return cursor.fetchone()[0]
