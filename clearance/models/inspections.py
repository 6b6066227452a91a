"""Internal inspections of departments (R3): planned, carried out with findings; each finding
has an owner and a due date, and its rectification is recorded and then verified by the
security office."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from personnel.models import Department, Employee


class DepartmentInspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    TRANSITIONS = {Status.PLANNED: {Status.IN_PROGRESS}, Status.IN_PROGRESS: {Status.DONE}}

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    planned_on = models.DateField(_("planned on"))
    scope = models.TextField(_("scope"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department inspection")
        verbose_name_plural = _("department inspections")
        ordering = ["-planned_on", "-id"]

    def __str__(self):
        return f"{self.department.name} {self.planned_on}"


class DepartmentFinding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        SERIOUS = "serious", _("Serious")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("finding status", "Open")
        RECTIFIED = "rectified", _("Rectified, to verify")
        VERIFIED = "verified", _("Verified")

    # A rectification the security office does not accept goes back to its owner.
    TRANSITIONS = {
        Status.OPEN: {Status.RECTIFIED},
        Status.RECTIFIED: {Status.VERIFIED, Status.OPEN},
    }

    inspection = models.ForeignKey(
        DepartmentInspection, on_delete=models.CASCADE, related_name="findings"
    )
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    owner = models.ForeignKey(
        Employee,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="inspection_findings",
    )
    due_on = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rectified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verification = models.TextField(_("verification"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.text[:40]
