"""Facts about the signed-in person kept in the session and read again at most once a
SESSION_TOUCH_SECONDS (so pages do not query them each time, and the session row is
written at most that often)."""

import time

from django.conf import settings


def session_fact(session, key: str, compute, *, fresh: bool = False, recheck=None):
    """The fact under `key`, from `compute()` when missing, older than a minute, `fresh`,
    or when `recheck(value)` says it must be read again now."""
    known, now = session.get(key), time.time()
    if (
        fresh
        or not isinstance(known, dict)
        or "value" not in known  # missing, or kept by an older version in another shape
        or now - known["read_at"] >= settings.SESSION_TOUCH_SECONDS
        or (recheck is not None and recheck(known["value"]))
    ):
        known = {"read_at": now, "value": compute()}
        session[key] = known
    return known["value"]
