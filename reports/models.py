"""The report centre's records: copy numbers per report, background exports, and imports
from Excel (the pipeline's other direction; each kind of list is imported by its own app)."""

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


class ImportJob(models.Model):
    """One import of a list from Excel (issue 17): the uploaded file, its check (the preview
    of every row's errors) and, once confirmed, its import, both run in the background.

    Seen only by who uploaded it. The rows themselves are written by the kind's services in
    one transaction: all of them, or — when HR chooses so — the valid ones only.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        CONFIRMED = "confirmed", _("Waiting to be imported")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        ALL = "all", _("All rows")
        VALID_ONLY = "valid_only", _("Valid rows only")

    TRANSITIONS = {
        Status.QUEUED: {Status.CHECKING, Status.FAILED},
        Status.CHECKING: {Status.CHECKED, Status.FAILED},
        Status.CHECKED: {Status.CONFIRMED},
        # Back to the preview when the background service could not be reached.
        Status.CONFIRMED: {Status.IMPORTING, Status.CHECKED, Status.FAILED},
        # Back to the preview when rows turned invalid after the check (an all-rows import).
        Status.IMPORTING: {Status.DONE, Status.CHECKED, Status.FAILED},
    }
    RUNNING = (Status.QUEUED, Status.CHECKING, Status.CONFIRMED, Status.IMPORTING)

    kind = models.CharField(_("kind"), max_length=32)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    requested_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("rows in error"), default=0)
    # [[row number, column header, reason], …] in the order of the sheet.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    skipped_example = models.BooleanField(_("example row skipped"), default=False)
    error = models.CharField(_("why it failed"), max_length=300, blank=True)
    # The uploader's language: the worker writes the errors in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.file_name})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def valid(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def percent(self) -> int:
        if self.status in (self.Status.CHECKED, self.Status.DONE):
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def bar_step(self) -> int:
        """The bar's width class (static/css/baomi.css): the percentage in steps of 5."""
        return self.percent // 5 * 5
