"""Statistics requests on the archive (R5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from personnel.models import Department


class StatisticsRequest(models.Model):
    """R5 (seed 003 §10): another department asks for statistics on the archive; the archive
    department's manager reviews, the general manager approves, then the clerk issues it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved, to be issued")
        REJECTED = "rejected", _("Rejected")
        ISSUED = "issued", _("Issued")

    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.ISSUED},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_statistics"

    department = models.ForeignKey(
        Department,
        verbose_name=_("requesting department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("statistics wanted"), max_length=200)
    purpose = models.TextField(_("purpose"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics request")
        verbose_name_plural = _("statistics requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return _("Statistics request No. %(pk)s") % {"pk": self.pk}
