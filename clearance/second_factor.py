"""Registers with accounts (which knows no clearance) that a 绝密 clearance needs a second
factor at login (issue 14, C10; setting TWO_FACTOR_TOP_SECRET)."""

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.registry import SecondFactorRule, second_factor_rule_register
from core.classification import Level

from .selectors import cleared_for, effective_level


def _applies_to(user) -> bool:
    if not settings.TWO_FACTOR_TOP_SECRET:
        return False
    employee = getattr(user, "employee", None)  # cached on the request's user
    return employee is not None and effective_level(employee) == Level.TOP_SECRET


def _account_ids():
    users = get_user_model().objects
    if not settings.TWO_FACTOR_TOP_SECRET:
        return users.none().values("pk")
    return users.filter(employee__in=cleared_for(Level.TOP_SECRET)).values("pk")


second_factor_rule_register(SecondFactorRule("top_secret_clearance", _applies_to, _account_ids))
