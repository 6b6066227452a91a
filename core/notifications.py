"""Notifications: an in-app inbox plus e-mail, sent after commit and never twice per key."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notify(
    *,
    recipients,
    subject: str,
    body: str = "",
    link: str = "",
    dedupe_key=None,
    include_inactive: bool = False,
) -> int:
    """Notify each recipient once; returns how many new notifications were created.

    Inactive logins are skipped unless `include_inactive` (a departed person is still told
    by e-mail that their decryption period ends)."""
    created = 0
    wanted = {u for u in recipients if u is not None and (u.is_active or include_inactive)}
    for user in wanted:
        if _create_once(user, subject, body, link, dedupe_key):
            created += 1
            if user.email:
                transaction.on_commit(lambda u=user: _mail(u.email, subject, body, link))
    return created


def _create_once(user, subject, body, link, dedupe_key) -> bool:
    if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
        return False
    try:
        with transaction.atomic():  # a concurrent sweep may insert the same key first
            Notification.objects.create(
                recipient=user, subject=subject, body=body, link=link, dedupe_key=dedupe_key or ""
            )
    except IntegrityError:
        return False
    return True


def _mail(address: str, subject: str, body: str, link: str) -> None:
    text = f"{body}\n\n{link}" if link else body
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def notifications_read_all(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
