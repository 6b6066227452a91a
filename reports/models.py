"""The report centre's records: copy numbers per report and background exports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportCounter(models.Model):
    """Last copy number (份号) issued per report; rows are locked while a number is taken."""

    report = models.CharField(max_length=64, primary_key=True)
    last_copy = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("export counter")
        db_table = "audit_exportcounter"  # created by audit before reports had models

    def __str__(self):
        return f"{self.report}: {self.last_copy}"


class ReportExport(models.Model):
    """A report rendered in the background (large PDFs), with its progress and file.

    It finishes or says why (R4): a run whose worker died or ran past its time limit is
    marked failed by `exports.export_reap`, and the user may try again (a fresh run).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        ERROR = "error", _("The report could not be rendered.")
        WORKER_LOST = "worker_lost", _("The background worker stopped while rendering.")
        TIMED_OUT = "timed_out", _("The export ran past its time limit.")
        NOT_STARTED = (
            "not_started",
            _("The export was not started in time; the background worker may be down."),
        )

    report = models.CharField(_("report"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="report_exports",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Touched by the rendering process while it lives: silence means the worker is gone.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    copy_number = models.CharField(_("copy number"), max_length=32, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    failure = models.CharField(_("failure"), max_length=16, choices=Failure.choices, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    retry_of = models.OneToOneField(
        "self",
        verbose_name=_("retry of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retry",
    )

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-requested_at", "-id"]
        db_table = "audit_reportexport"  # created by audit before reports had models

    def __str__(self):
        return f"{self.report} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
