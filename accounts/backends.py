from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import OuterRef, Value
from django.db.models.functions import Concat
from django.utils import timezone


class RightsBackend(ModelBackend):
    """Django's model backend, reading a user's rights from their roles and their direct
    grants in one query instead of two: every page asks for them."""

    @property
    def user_model(self):
        return get_user_model()

    def get_user(self, user_id):
        """The signed-in user with their employee record, which the navigation shows and
        most views read, and (on PostgreSQL) their rights: one query instead of three on
        every page, read afresh on each request."""
        users = self.user_model.objects.select_related("employee", "access_period")
        if connection.vendor == "postgresql":
            users = users.annotate(
                role_rights=ArraySubquery(_rights(group__user=OuterRef("pk"))),
                own_rights=ArraySubquery(_rights(user=OuterRef("pk"))),
            )
        try:
            user = users.get(pk=user_id)
        except self.user_model.DoesNotExist:
            return None
        if hasattr(user, "role_rights") and user.is_active and not user.is_superuser:
            user._group_perm_cache = set(user.role_rights)
            user._user_perm_cache = set(user.own_rights)
            user._perm_cache = user._group_perm_cache | user._user_perm_cache
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user):
        """An account limited to a period (an external auditor's) is refused outside it."""
        if not super().user_can_authenticate(user):
            return False
        try:
            period = user.access_period
        except ObjectDoesNotExist:
            return True
        return period.covers(timezone.localdate())

    def get_all_permissions(self, user_obj, obj=None):
        if (
            not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or user_obj.is_superuser
        ):
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename", "source")
            by_role = Permission.objects.filter(group__user=user_obj).annotate(source=Value("g"))
            direct = Permission.objects.filter(user=user_obj).annotate(source=Value("u"))
            rows = by_role.values_list(*fields).union(direct.values_list(*fields), all=True)
            rights = [(f"{app}.{codename}", source) for app, codename, source in rows]
            user_obj._group_perm_cache = {right for right, source in rights if source == "g"}
            user_obj._user_perm_cache = {right for right, source in rights if source == "u"}
            user_obj._perm_cache = user_obj._group_perm_cache | user_obj._user_perm_cache
        return user_obj._perm_cache

    def get_user_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_anonymous:
            self.get_all_permissions(user_obj)
            return getattr(user_obj, "_user_perm_cache", set())
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_anonymous:
            self.get_all_permissions(user_obj)
            return getattr(user_obj, "_group_perm_cache", set())
        return super().get_group_permissions(user_obj, obj)


def _rights(**whose):
    """The "app_label.codename" of the permissions matching `whose`, for a subquery."""
    name = Concat("content_type__app_label", Value("."), "codename")
    return Permission.objects.filter(**whose).annotate(right=name).values("right")
