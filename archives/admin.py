from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import (
    ArchiveItem,
    Destruction,
    Inspection,
    InspectionFinding,
    ItemMovement,
    Loan,
    MissingReport,
    ReadingRequest,
    StatisticsRequest,
)


@admin.register(ArchiveItem)
class ArchiveItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("catalogue_no", "title", "level", "department", "location", "status")
    list_filter = ("level", "status")


@admin.register(ItemMovement)
class ItemMovementAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("item", "kind", "occurred_on", "handed_over_by", "received_by")


@admin.register(ReadingRequest)
class ReadingRequestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("pk", "item", "requester", "status", "access_until")


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("pk", "item", "borrower", "copies", "due_date", "status")
    list_filter = ("status",)


@admin.register(MissingReport)
class MissingReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("item", "missing_since", "found_on", "incident")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "planned_on", "status", "finished_on")


@admin.register(InspectionFinding)
class InspectionFindingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("inspection", "item", "result")


@admin.register(Destruction)
class DestructionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("pk", "item", "status", "method", "destroyed_on")


@admin.register(StatisticsRequest)
class StatisticsRequestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("pk", "department", "subject", "status", "issued_at")
