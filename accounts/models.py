from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
