"""The one access helper: fetch through a visibility selector, 404 for what is invisible,
403 for a visible object the user may not change (STYLE habit 1)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404


def get_visible_or_404(visible: QuerySet, **lookup):
    return get_object_or_404(visible, **lookup)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_perm(user, perm: str, obj=None) -> None:
    """Services re-check rights: tasks and the admin do not pass through views."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def role_grants(user, perm: str) -> bool:
    """A model-wide right that comes from the user's roles (groups), never from a right
    given to the person directly: what decides that a list shows everyone, so a stray
    direct grant cannot widen a department head's view."""
    if not user.is_active:
        return False
    return user.is_superuser or perm in user.get_group_permissions()
