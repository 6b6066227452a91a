from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from audit.admin_mixins import ReadOnlyAdminMixin

from .models import Appointment, Candidate


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "department", "position", "status")


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("employee", "position", "status")
