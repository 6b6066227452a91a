"""Password rules (C8): letters and digits; the last N passwords never again."""

import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own catalogue (Django 5.2's is not in Chinese)."""

    def get_error_message(self):
        return _("The password must have at least %(n)s characters.") % {"n": self.min_length}

    def get_help_text(self):
        return self.get_error_message()


class LettersAndDigitsValidator:
    def validate(self, password, user=None):
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError(
                _("The password must contain both letters and digits."),
                code="password_letters_and_digits",
            )

    def get_help_text(self):
        return _("Your password must contain both letters and digits.")


class PasswordHistoryValidator:
    def __init__(self, remembered=None):
        self.remembered = remembered

    @property
    def count(self) -> int:
        return self.remembered or settings.PASSWORD_HISTORY_COUNT

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        recent = user.password_records.values_list("password", flat=True)[: self.count]
        if any(check_password(password, encoded) for encoded in recent):
            raise ValidationError(
                _("You cannot reuse any of your last %(n)s passwords.") % {"n": self.count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        from .models import PasswordRecord

        if user is not None and user.pk is not None:
            PasswordRecord.objects.create(user=user, password=user.password)

    def get_help_text(self):
        return _("Your password cannot be one of your last %(n)s passwords.") % {"n": self.count}
