from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import Assignment, TrainingPlan, TrainingSession


@admin.register(TrainingPlan)
class TrainingPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "period", "year", "month", "audience", "trainer")


@admin.register(TrainingSession)
class TrainingSessionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("held_on", "topic", "kind", "trainer")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "month", "kind", "status", "score")
    list_filter = ("kind", "status", "month")
    raw_id_fields = ("employee", "session")
