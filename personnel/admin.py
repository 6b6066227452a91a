from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import Agreement, Department, DossierEntry, Employee, Position


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "head", "is_technical")
    search_fields = ("name", "code")
    # The head moves object permissions: change it on the department page (service), not here.
    readonly_fields = ("head",)


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "department", "is_secret_post", "required_tier")
    list_filter = ("is_secret_post", "required_tier", "department")


# Employees, agreements and dossier lines change through their services (status, tier and
# headship through their workflows): the admin shows them, never edits.
@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee_no", "name", "department", "position", "tier", "status")
    list_filter = ("status", "tier", "department")
    search_fields = ("employee_no", "name")
    list_select_related = ("department", "position")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "kind", "signed_on")
    list_filter = ("kind",)


@admin.register(DossierEntry)
class DossierEntryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "kind", "occurred_on", "title")
    list_filter = ("kind",)
