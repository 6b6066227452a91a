"""Destruction of items past their retention (A8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from personnel.models import Employee

from .catalogue import ArchiveItem


class Destruction(models.Model):
    """A8: an item past its retention, destroyed by the rules once approved, with the method,
    the date and two witnesses. The item stays in the catalogue as destroyed."""

    class Method(models.TextChoices):
        SHRED = "shred", _("Shredding")
        PULP = "pulp", _("Pulping")
        INCINERATE = "incinerate", _("Incineration")
        DEGAUSS = "degauss", _("Degaussing / physical destruction of a carrier")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("In approval")
        APPROVED = "approved", _("Approved, to be destroyed")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Destroyed")

    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.DONE},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_destruction"

    item = models.ForeignKey(
        ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="destructions"
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    destroyed_on = models.DateField(_("destroyed on"), null=True, blank=True)
    witness_1 = models.ForeignKey(
        Employee,
        verbose_name=_("first witness"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    witness_2 = models.ForeignKey(
        Employee,
        verbose_name=_("second witness"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destruction")
        verbose_name_plural = _("destructions")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(witness_1__isnull=True) | ~Q(witness_1=models.F("witness_2")),
                name="destruction_two_distinct_witnesses",
            ),
        ]

    def __str__(self):
        return _("Destruction No. %(pk)s") % {"pk": self.pk}
