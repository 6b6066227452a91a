"""Account security (C8, C1, C10): expiry, sessions, unlocking, roles."""

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded
from audit.models import AccessLog
from audit.services import access_record
from core.access import require_perm
from core.errors import DomainError
from core.session_facts import session_fact

from . import two_factor
from .administrators import ADMINISTRATORS, SYSADMIN, roles_compatible_check
from .events import acting_as, event_record
from .models import AccessPeriod, AccountEvent, PasswordRecord, UserSession

USERNAME_LENGTH = 150  # django.contrib.auth's User.username


ACCOUNT_FACTS = "baomi_account_facts"  # session key


def account_facts(session, user, *, fresh: bool = False) -> dict:
    """What the account policy needs to know of the signed-in account (second-factor need,
    password age), read at login and then at most once a SESSION_TOUCH_SECONDS rather than
    on every page (an expired password is read again each time, so a new one counts at
    once). Storing them also keeps an idle session alive: the session row is written at
    most once a minute, not on every request."""
    return session_fact(
        session,
        ACCOUNT_FACTS,
        lambda: {
            "second_factor": two_factor.required_for(user),
            "password_expired": password_expired(user),
        },
        fresh=fresh,
        recheck=lambda facts: facts["password_expired"],
    )


def password_expired(user) -> bool:
    last = PasswordRecord.objects.filter(user=user).values_list("set_at", flat=True).first()
    changed_at = last or user.date_joined
    age = datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    return timezone.now() - changed_at > age


@transaction.atomic
def sessions_end(*, user) -> int:
    """End every session of a user (logout everywhere, deactivation)."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()  # the cached copy too, not only the row
    UserSession.objects.filter(user=user).delete()
    return len(keys)


@transaction.atomic
def lock_end(*, actor, ip_address: str = "", username: str = "", request=None) -> int:
    """The security administrator ends a lockout early, of an address or of an account; the
    access log and the account events record who did."""
    from axes.utils import reset

    require_perm(actor, "axes.delete_accessattempt")
    if bool(ip_address) == bool(username):
        raise DomainError(_("Name either an address or an account to unlock."))
    if ip_address:
        try:
            validate_ipv46_address(ip_address)
        except ValidationError as error:
            raise DomainError(_("Not an address: %(value)s") % {"value": ip_address}) from error
        cleared = reset(ip=ip_address)
        target_type, target, detail = "address", None, f"ip={ip_address}"
    else:
        cleared = reset(username=username)
        target_type, detail = "account", f"username={username}"
        target = get_user_model().objects.filter(username=username).first()
    access_record(
        user=actor,
        action=AccessLog.Action.UNLOCK,
        target_type=target_type,
        target_repr=ip_address or username,
        request=request,
    )
    event_record(action=AccountEvent.Action.UNLOCKED, target=target, detail=detail, actor=actor)
    return cleared


def attempted_username(request, credentials=None) -> str | None:
    """The username a login attempt names, as the lockout records it: cut to the longest a
    username can be, so a 10,000-character one is a failed login, not a database error."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username


# --- Accounts and roles (C10) -------------------------------------------------------------


@transaction.atomic
def roles_set(*, actor, user, roles) -> None:
    """Give a user exactly these roles: the security administrator's act, never on their own
    account; the roles one person may not hold together are refused."""
    require_perm(actor, "accounts.grant_role")
    if actor.pk == user.pk:
        raise DomainError(_("Nobody changes their own roles."))
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    wanted = set(roles)
    roles_compatible_check(wanted)
    groups = Group.objects.filter(name__in=wanted)
    if groups.count() != len(wanted):
        raise DomainError(_("Unknown role."))
    with acting_as(actor):
        user.groups.set(groups)


@transaction.atomic
def access_period_set(
    *, actor, user, starts_on: datetime.date, ends_on: datetime.date, reason: str
) -> AccessPeriod:
    """Limit an account to a period (an external auditor's read-only access for an audit):
    the security administrator's act, as the roles are; outside the period the account can
    neither sign in nor keep a session."""
    require_perm(actor, "accounts.grant_role")
    if actor.pk == user.pk:
        raise DomainError(_("Nobody changes their own roles."))
    if ends_on < starts_on:
        raise DomainError(_("The period ends before it starts."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the access."))
    period = AccessPeriod.objects.select_for_update().filter(user=user).first()
    period = period or AccessPeriod(user=user)
    period.starts_on, period.ends_on, period.reason = starts_on, ends_on, reason.strip()
    period.granted_by = actor
    save_recorded(period, actor)
    return period


@transaction.atomic
def account_create(*, actor, username: str, password: str | None, email: str = ""):
    """A login without roles (the system administrator's act; roles come from secadmin)."""
    require_perm(actor, "auth.add_user")
    with acting_as(actor):
        return get_user_model().objects.create_user(
            username=username, password=password, email=email
        )


@transaction.atomic
def administrators_create(*, passwords: dict[str, str]) -> dict[str, tuple[object, bool]]:
    """The three administrators, one account each (create_administrators, the demo): per
    role, its account and whether it was made now. An existing account keeps its password
    and gets its role back if it lost it."""
    User = get_user_model()
    result = {}
    for role in ADMINISTRATORS:
        user = User.objects.filter(username=role).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                username=role, password=passwords[role], is_staff=role == SYSADMIN
            )
        user.groups.add(Group.objects.get(name=role))
        result[role] = (user, created)
    return result
