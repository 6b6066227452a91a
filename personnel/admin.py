"""The Django admin is the system administrator's settings desk: the organisation's
departments and posts (and, from other apps, accounts and schedules). Nothing that holds
classified content, a workflow decision, the access log, history or a second factor is
registered here; those change through their services and are read on their own pages."""

from django.contrib import admin

from .models import Department, Position


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "head", "is_technical")
    search_fields = ("name", "code")
    # The head moves object permissions: change it on the department page (service), not here.
    readonly_fields = ("head",)

    def has_delete_permission(self, request, obj=None):
        return False  # only when empty, on the app's page (personnel.services.org)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "department", "is_secret_post", "required_tier")
    list_filter = ("is_secret_post", "required_tier", "department")

    def has_delete_permission(self, request, obj=None):
        return False  # only when nobody holds it, on the app's page (personnel.services.org)
