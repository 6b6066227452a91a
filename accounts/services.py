"""Account security (C8, C1): expiry, sessions, unlocking."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from audit.access import require_perm
from audit.models import AccessLog
from audit.services import access_record

from .models import PasswordRecord, UserSession

USERNAME_LENGTH = 150  # django.contrib.auth's User.username


def password_expired(user) -> bool:
    last = PasswordRecord.objects.filter(user=user).values_list("set_at", flat=True).first()
    changed_at = last or user.date_joined
    age = datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    return timezone.now() - changed_at > age


@transaction.atomic
def sessions_end(*, user) -> int:
    """End every session of a user (logout everywhere, deactivation)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


@transaction.atomic
def account_unlock(*, actor, username: str, request=None) -> int:
    """HR or an admin ends a lockout early; the access log records who did."""
    from axes.utils import reset

    require_perm(actor, "axes.delete_accessattempt")
    cleared = reset(username=username)
    access_record(
        user=actor,
        action=AccessLog.Action.UNLOCK,
        target_type="account",
        target_repr=username,
        request=request,
    )
    return cleared


def attempted_username(request, credentials=None) -> str | None:
    """The username a login attempt names, as the lockout records it: cut to the longest a
    username can be, so a 10,000-character one is a failed login, not a database error."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username
