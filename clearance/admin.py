from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import Clearance, PeriodicReview


@admin.register(Clearance)
class ClearanceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "level", "temporary", "valid_from", "valid_until", "status")
    list_filter = ("status", "level", "temporary")


@admin.register(PeriodicReview)
class PeriodicReviewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "reviewed_on", "result", "reviewer")
