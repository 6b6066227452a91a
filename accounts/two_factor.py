"""Two-factor login (TOTP) for every account that can reach 绝密 content, the access log or
the administration (issue 14, C10): the roles of setting TWO_FACTOR_ROLES and the rules
higher apps register (a 绝密 clearance). Such an account enrols only with a one-time link
from the security administrator, never with its password alone; offline QR enrolment and
recovery codes."""

import datetime
import hashlib
import secrets

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.access import require_perm
from core.errors import DomainError
from core.people import login_or_name_matches

from .events import event_record
from .models import AccountEvent, EnrolmentLink
from .registry import second_factor_rules

RECOVERY_CODES = 10
MANAGE = "accounts.manage_second_factor"
Action = AccountEvent.Action


def required_for(user) -> bool:
    if not user.is_authenticated:
        return False
    roles = set(settings.TWO_FACTOR_ROLES)
    if roles and user.groups.filter(name__in=roles).exists():
        return True
    return any(rule.applies_to(user) for rule in second_factor_rules())


class State(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    LINK_ISSUED = "link", _("Link issued")
    NONE = "none", _("Not enrolled, no link")


def accounts_needing(*, q: str = "", state: str = "") -> QuerySet:
    """The active accounts that need a second factor now, each with `enrolled` (a confirmed
    authenticator) annotated: the security administrator's list, searched by login or name
    and filtered by State."""
    wanted = Q(groups__name__in=settings.TWO_FACTOR_ROLES)
    for rule in second_factor_rules():
        wanted |= Q(pk__in=rule.account_ids())
    ids = get_user_model().objects.filter(wanted, is_active=True).values("pk")
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    accounts = get_user_model().objects.filter(pk__in=ids).annotate(enrolled=Exists(confirmed))
    if q:
        accounts = accounts.filter(login_or_name_matches(q))
    link_open = Q(
        enrolment_link__used_at__isnull=True, enrolment_link__expires_at__gt=timezone.now()
    )
    if state == State.ENROLLED:
        accounts = accounts.filter(enrolled=True)
    elif state == State.LINK_ISSUED:
        accounts = accounts.filter(link_open, enrolled=False)
    elif state == State.NONE:
        accounts = accounts.filter(enrolled=False).exclude(link_open)
    return accounts.select_related("enrolment_link").prefetch_related("groups").order_by("username")


def state_of(account) -> State:
    """For an account from `accounts_needing` (its `enrolled` and link already loaded)."""
    if account.enrolled:
        return State.ENROLLED
    link = getattr(account, "enrolment_link", None)
    return State.LINK_ISSUED if link is not None and link.usable() else State.NONE


def enrolled(user) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: nothing leaves the intranet."""
    return segno.make(device.config_url, micro=False).svg_inline(scale=4)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_link_usable(*, user, token: str) -> bool:
    """Whether this link works for this signed-in account: its own, unused, not expired."""
    link = EnrolmentLink.objects.filter(user=user, token_hash=_hash(token)).first()
    return link is not None and link.usable()


@transaction.atomic
def enrol_confirm(*, user, token: str, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code, which uses up the link; returns fresh
    recovery codes, or None when the code is wrong (the link stays usable)."""
    link = (
        EnrolmentLink.objects.select_for_update().filter(user=user, token_hash=_hash(token)).first()
    )
    if link is None or not link.usable():
        raise DomainError(
            _(
                "This enrolment link does not work: it was used, has expired, was "
                "replaced or is not yours."
            )
        )
    device = pending_device(user)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    event_record(action=Action.SECOND_FACTOR_ENROLLED, target=user, actor=user)
    return recovery_codes_renew(user)


def recovery_codes_renew(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The device that accepts this code (authenticator or a one-time recovery code)."""
    return match_token(user, token.strip().replace(" ", ""))


# --- The security administrator's acts ------------------------------------------------------


def _locked_account(*, actor, user):
    require_perm(actor, MANAGE)
    if actor.pk == user.pk:
        raise DomainError(_("Nobody issues an enrolment link for or resets their own account."))
    return get_user_model().objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def enrolment_link_issue(*, actor, user) -> str:
    """A one-time enrolment link for another account: returns its token, shown only now."""
    user = _locked_account(actor=actor, user=user)
    return _link_issue(user=user, actor=actor)


@transaction.atomic
def enrolment_link_issue_at_console(*, user) -> str:
    """The link for an account given at the server console (`manage.py enrolment_link`): how
    the first administrators enrol at installation. Whoever runs it holds the server."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    return _link_issue(user=user, actor=None)


def _link_issue(*, user, actor) -> str:
    if not user.is_active:
        raise DomainError(_("This account is deactivated."))
    if not required_for(user):
        raise DomainError(_("This account does not need a second factor."))
    if enrolled(user):
        raise DomainError(_("This account has a second factor already: reset it first."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires = now + datetime.timedelta(hours=settings.ENROLMENT_LINK_HOURS)
    # One link per account: the new one replaces the hash, so the old link stops working.
    EnrolmentLink.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": _hash(token),
            "issued_by": actor,
            "issued_at": now,
            "expires_at": expires,
            "used_at": None,
        },
    )
    # A secret shown under an earlier link is not the one this link confirms.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    detail = f"expires={timezone.localtime(expires):%Y-%m-%d %H:%M}"
    if actor is None:
        detail = f"console; {detail}"
    event_record(action=Action.ENROLMENT_LINK, target=user, detail=detail, actor=actor)
    return token


@transaction.atomic
def second_factor_reset(*, actor, user) -> None:
    """Remove an account's authenticator, recovery codes and link (a lost phone, a leaver's
    successor): the account signs in again only after enrolling with a new link. Sessions
    verified with the removed authenticator stop counting as verified."""
    user = _locked_account(actor=actor, user=user)
    devices = [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]
    links = EnrolmentLink.objects.filter(user=user)
    if not devices and not links.exists():
        raise DomainError(_("This account has no second factor and no enrolment link."))
    for device in devices:
        device.delete()
    links.delete()
    event_record(action=Action.SECOND_FACTOR_RESET, target=user, actor=actor)
