from django.contrib import admin

from .admin_mixins import ReadOnlyAdminMixin
from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "username", "action", "target_type", "target_repr", "copy_number", "ip")
    list_filter = ("action", "target_type")
    search_fields = ("username", "target_repr", "copy_number")
    date_hierarchy = "at"
