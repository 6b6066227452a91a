from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApprovalChain, ApprovalStep, Decision


class StepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    can_delete = False
    readonly_fields = ("order", "name", "role", "department", "person", "required_deciders",
                       "status", "reached_at", "decided_at")  # fmt: skip


@admin.register(ApprovalChain)
class ApprovalChainAdmin(SimpleHistoryAdmin):
    """Read-only: decisions are taken on the subject's page, through the services."""

    list_display = ("title", "kind", "status", "created_at", "finished_at")
    list_filter = ("kind", "status")
    inlines = [StepInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("step", "decider", "outcome", "decided_at")

    def has_change_permission(self, request, obj=None):
        return False
