"""Missing-item reports (A6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearance.models import Incident

from .catalogue import ArchiveItem


class MissingReport(models.Model):
    """A6: an item found missing; found again closes it, too long opens a leak incident."""

    item = models.ForeignKey(
        ArchiveItem,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="missing_reports",
    )
    missing_since = models.DateField(_("missing since"))
    note = models.TextField(_("circumstances"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_on = models.DateField(_("found on"), null=True, blank=True)
    incident = models.OneToOneField(
        Incident,
        verbose_name=_("leak incident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("missing item report")
        verbose_name_plural = _("missing item reports")
        ordering = ["-missing_since", "-id"]
        constraints = [
            # One open report per item: reporting twice changes nothing.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(found_on__isnull=True),
                name="archive_one_open_missing_report",
            ),
        ]

    def __str__(self):
        return f"{self.item.catalogue_no} · {self.missing_since}"
