from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import ChecklistItem, DecryptionPeriod, DepartureChecklist, Resignation


class ReadOnlyWorkflowAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Workflow state changes only through the pages (services); the admin reads."""


@admin.register(Resignation)
class ResignationAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("employee", "submitted_on", "last_day", "status")
    list_filter = ("status",)
    search_fields = ("employee__name", "employee__employee_no")


@admin.register(DepartureChecklist)
class DepartureChecklistAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("resignation", "opened_at", "closed_at")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("checklist", "kind", "role", "signed_by", "signed_at")


@admin.register(DecryptionPeriod)
class DecryptionPeriodAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("employee", "tier", "starts_on", "ends_on", "ended_on", "supervising_unit")
