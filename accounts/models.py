from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PasswordRecord(models.Model):
    """A password a user has had (its hash) and when it was set: reuse and expiry (C8)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_records"
    )
    password = models.CharField(max_length=256)
    set_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password record")
        ordering = ["-set_at", "-id"]

    def __str__(self):
        return f"{self.user} {self.set_at:%Y-%m-%d}"


class UserSession(models.Model):
    """Which sessions belong to whom, so that logging out ends all of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user session")

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class AccountEvent(models.Model):
    """Who created, (de)activated, gave or took a role from, or reset the password or second
    factor of whom, and when (C10). Written by signals on the user model, so a change made on
    any page, in the admin or in a shell is recorded; append-only like the access log."""

    APPEND_ONLY = True

    class Action(models.TextChoices):
        CREATED = "created", _("Account created")
        ACTIVATED = "activated", _("Account activated")
        DEACTIVATED = "deactivated", _("Account deactivated")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        RIGHT_GRANTED = "right_granted", _("Right granted directly")
        RIGHT_REVOKED = "right_revoked", _("Right revoked directly")
        ROLE_RIGHTS_CHANGED = "role_rights", _("Rights of a role changed")
        PASSWORD_CHANGED = "password_changed", _("Password changed by its owner")
        PASSWORD_RESET = "password_reset", _("Password reset")
        STAFF_CHANGED = "staff", _("Administration-site access changed")
        SECOND_FACTOR_RESET = "otp_reset", _("Second factor reset")
        ENROLMENT_LINK = "otp_link", _("Enrolment link issued")
        SECOND_FACTOR_ENROLLED = "otp_enrolled", _("Second factor enrolled")
        UNLOCKED = "unlocked", _("Account unlocked")
        SETTINGS_CHANGED = "settings", _("Setting changed in the administration site")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    target_name = models.CharField(_("account"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-at", "-id"]
        permissions = [("grant_role", _("Can grant and revoke roles"))]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_name}"


class EnrolmentLink(models.Model):
    """The one-time link with which one account sets up its second factor, issued by the
    security administrator (or at the server console for the first administrators): knowing
    the password is not enough to enrol. Only the token's hash is kept; a new link replaces
    the account's previous one, which stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_link"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment link")
        permissions = [
            ("manage_second_factor", _("Can issue enrolment links and reset second factors"))
        ]

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"

    def usable(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class AccessPeriod(models.Model):
    """The period an account may sign in and read, for an external auditor given read-only
    access for an audit (R3): outside it the account is refused as a disabled one is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="access_period",
    )
    starts_on = models.DateField(_("access from"))
    ends_on = models.DateField(_("access until"))
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access period")
        verbose_name_plural = _("access periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="access_period_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.starts_on}–{self.ends_on}"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
