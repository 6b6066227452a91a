"""Two-factor login (TOTP) for the roles that see or approve the most (setting
TWO_FACTOR_ROLES), with offline QR enrolment and recovery codes."""

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def required_for(user) -> bool:
    roles = set(settings.TWO_FACTOR_ROLES)
    if not roles or not user.is_authenticated:
        return False
    return user.groups.filter(name__in=roles).exists()


def enrolled(user) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: nothing leaves the intranet."""
    return segno.make(device.config_url, micro=False).svg_inline(scale=4)


@transaction.atomic
def enrol_confirm(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns fresh recovery codes."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save()
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
