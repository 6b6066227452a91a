"""The half-yearly inspection (A7) and its findings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import ArchiveItem


class Inspection(models.Model):
    """The half-yearly full inspection (A7): item by item, and the storage conditions."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    TRANSITIONS = {Status.PLANNED: {Status.DONE}}

    title = models.CharField(_("title"), max_length=100)
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    storage_conditions = models.TextField(
        _("storage conditions (damp, mould, fire, security)"), blank=True
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]

    def __str__(self):
        return self.title


class InspectionFinding(models.Model):
    class Result(models.TextChoices):
        PRESENT = "present", _("Present, in good order")
        DAMAGED = "damaged", _("Damaged")
        REPAIRED = "repaired", _("Damaged, repaired")
        MISSING = "missing", _("Missing")

    # A damaged item's follow-up: its repair, recorded when done (after the inspection too).
    TRANSITIONS = {Result.DAMAGED: {Result.REPAIRED}}

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(
        ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    repaired_on = models.DateField(_("repaired on"), null=True, blank=True)
    repair_note = models.CharField(_("repair"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["item__catalogue_no"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="one_finding_per_item"),
        ]

    def __str__(self):
        return f"{self.item.catalogue_no} · {self.get_result_display()}"
