from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ("employee_no", "name", "department", "position", "tier", "status")
    list_filter = ("status", "tier", "department")
    search_fields = ("employee_no", "name")
    list_select_related = ("department", "position")
    readonly_fields = ("user", "department", "status", "decryption_ends_on")
    raw_id_fields = ("position",)


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "kind", "signed_on")
    list_filter = ("kind",)
    raw_id_fields = ("employee",)


@admin.register(DossierEntry)
class DossierEntryAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "kind", "occurred_on", "title")
    list_filter = ("kind",)
    raw_id_fields = ("employee",)
