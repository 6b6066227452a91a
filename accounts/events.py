"""Recording account changes (C10): who did what to which account. Signals on the user model
call `event_record`, so no change escapes, whichever page, command or shell made it."""

import contextvars
from contextlib import contextmanager

from simple_history.models import HistoricalRecords

from .models import AccountEvent

_acting = contextvars.ContextVar("account_actor", default=None)


@contextmanager
def acting_as(actor):
    """Name the actor of the account changes made inside (services, commands)."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor():
    """The named actor, else the signed-in user of the request being served, else nobody
    (a command or a task: recorded as "system")."""
    actor = _acting.get()
    if actor is not None:
        return actor
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def event_record(*, action: str, target=None, detail: str = "", actor=None) -> AccountEvent:
    actor = actor or current_actor()
    return AccountEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else "system")[:150],
        target=target,
        target_name=target.get_username()[:150] if target is not None else "",
        action=action,
        detail=detail[:300],
    )
