"""Reading requests (查阅, A3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from core.uploads import UploadValidator
from personnel.models import Employee

from .catalogue import ArchiveItem


class ReadingRequest(models.Model):
    """查阅 (A3): approval grants time-limited access to this one item."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    # Access ends by its date, not by a status: an approved request stays approved.
    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_reading"

    item = models.ForeignKey(
        ArchiveItem,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="reading_requests",
    )
    # Empty for an outsider, whom the archivist registers with an introduction letter.
    requester = models.ForeignKey(
        Employee,
        verbose_name=_("requester"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outsider_name = models.CharField(_("outsider's name"), max_length=100, blank=True)
    outsider_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    introduction_letter = models.FileField(
        _("introduction letter"),
        blank=True,
        upload_to="archives/letters/%Y/",
        validators=[UploadValidator("scan")],
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    access_until = models.DateField(_("access until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reading request")
        verbose_name_plural = _("reading requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requester", "status", "access_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(outsider_name=""),
                name="reading_request_names_a_reader",
            ),
        ]

    def __str__(self):
        return _("Reading request No. %(pk)s") % {"pk": self.pk}

    @property
    def reader_name(self) -> str:
        if self.requester_id:
            return self.requester.name
        return f"{self.outsider_name}（{self.outsider_organisation}）"
