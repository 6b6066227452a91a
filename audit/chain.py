"""The access log's keyed hash chain (C5, C10).

Each row's hash is an HMAC-SHA256, under AUDIT_KEY, of its fields and the hash of the row
before it. The key lives outside the database, so whoever can rewrite the table (its owner,
a stolen backup restored elsewhere) cannot recompute a chain that `verify_audit` accepts.
Chain hashes and checkpoint signatures use separate keys derived from AUDIT_KEY, so a value
made for one can never pass as the other.
"""

import hashlib
import hmac

from django.conf import settings

FIELD_SEPARATOR = "\x1f"


def keyed_digest(purpose: str, message: str) -> str:
    """HMAC-SHA256 of `message` under the key derived from AUDIT_KEY for `purpose`."""
    key = hmac.new(settings.AUDIT_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def entry_fields(entry) -> list[str]:
    """What a row's hash covers; `entry` is an AccessLog (or its migration-time model)."""
    return [
        entry.prev_hash,
        entry.at.isoformat(),
        str(entry.user_id or ""),
        entry.username,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.target_repr,
        entry.path,
        entry.ip or "",
        entry.copy_number,
        "reader_hidden" if entry.reader_hidden else "",
    ]


def entry_hash(entry) -> str:
    return keyed_digest("access-log", FIELD_SEPARATOR.join(entry_fields(entry)))


def unkeyed_entry_hash(entry) -> str:
    """The chain before it was keyed (audit 0006): plain SHA-256; only to undo 0007."""
    fields = entry_fields(entry)[:-1] + (["reader_hidden"] if entry.reader_hidden else [])
    return hashlib.sha256(FIELD_SEPARATOR.join(fields).encode("utf-8")).hexdigest()


def chain_rebuild(entries, digest, save) -> int:
    """Re-chain `entries` (in id order) with `digest`; `save(batch)` stores each batch."""
    previous_hash, batch, count = "", [], 0
    for entry in entries:
        entry.prev_hash = previous_hash
        entry.hash = previous_hash = digest(entry)
        batch.append(entry)
        count += 1
        if len(batch) == 1000:
            save(batch)
            batch = []
    if batch:
        save(batch)
    return count


def chain_verify(entries, digest=entry_hash) -> tuple[int, str | None]:
    """Walk the log in id order; (rows checked, first problem or None)."""
    previous_hash, checked = "", 0
    for entry in entries:
        if entry.prev_hash != previous_hash:
            return checked, f"entry {entry.pk}: the entry before it is missing or was altered"
        if not hmac.compare_digest(digest(entry), entry.hash):
            return checked, f"entry {entry.pk}: its content was altered"
        previous_hash, checked = entry.hash, checked + 1
    return checked, None
