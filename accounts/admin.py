"""Accounts in the admin are the system administrator's (C10): create, (de)activate, reset a
password. Roles and rights are not theirs to give: the security administrator grants roles
on the roles page, role rights are defined in code (personnel.roles). Second-factor devices
hold the TOTP secrets that stand between a password and the account, so they are not here
either: they are enrolled and reset on the product's own pages."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AccessLog
from audit.services import access_record

User = get_user_model()

for model in (TOTPDevice, StaticDevice, Group, User):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "last_login")
    list_filter = ("is_active",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "roles", "last_login", "date_joined")}),
    )
    readonly_fields = ("roles", "last_login", "date_joined")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Reading an account here is logged like reading it on any page."""
        response = super().change_view(request, object_id, form_url, extra_context)
        account = self.get_object(request, object_id)
        if account is not None and response.status_code == 200 and request.method == "GET":
            access_record(
                user=request.user, action=AccessLog.Action.VIEW, target=account, request=request
            )
        return response

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: their records keep a name

    @admin.display(description=_("Roles"))
    def roles(self, user):
        return ", ".join(user.groups.values_list("name", flat=True)) or "—"
