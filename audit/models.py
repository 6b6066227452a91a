from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import entry_hash


class AccessLog(models.Model):
    """One read of a protected record, an export, or a security event (C5).

    Append-only (on PostgreSQL the application's role may only insert and read, and a
    trigger refuses UPDATE and DELETE) and chained under a key kept outside the database
    (audit.chain); daily checkpoints record the chain's head (audit.checkpoints), so
    `manage.py verify_audit` finds an altered, removed or re-chained row, a cut tail and an
    emptied table.
    """

    APPEND_ONLY = True

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKOUT = "lockout", _("Account locked")
        UNLOCK = "unlock", _("Account unlocked")
        REFUSED = "refused", _("Access refused")
        # A copy number issued for an export whose file was never produced (R4): every
        # number is accounted for, by an export or by its voiding.
        VOID = "void", _("Copy voided")
        # A list imported from Excel: one row per run, naming what it created and changed.
        IMPORT = "import", _("Imported")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255)
    path = models.CharField(_("path"), max_length=500, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    copy_number = models.CharField(_("copy number"), max_length=32, blank=True)
    # A whistle-blower reading their own anonymous report (P7): only the security office
    # may see who read it; everyone else sees the row without the reader.
    reader_hidden = models.BooleanField(_("reader hidden"), default=False)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        permissions = [
            ("view_hidden_reader", _("Can see who read an anonymous report")),
            # Every change by anyone, across the history tables (R1, R2).
            ("view_changehistory", _("Can view the change history of every record")),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target_repr}"

    def compute_hash(self) -> str:
        return entry_hash(self)


class BackupRun(models.Model):
    """One backup (R4): when, its archive and size, and whether it worked and why not."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    rows = models.BigIntegerField(_("database rows"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)
    encrypted = models.BooleanField(_("encrypted"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status} {self.file_name}"


class ScheduledRun(models.Model):
    """The last outcome of a scheduled task, so a starting worker can run what was missed."""

    task = models.CharField(_("task"), max_length=200, primary_key=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("scheduled task run")
        verbose_name_plural = _("scheduled task runs")

    def __str__(self):
        return self.task


class Heartbeat(models.Model):
    """The last sign of life of a worker or beat process, read by /healthz."""

    class Component(models.TextChoices):
        WORKER = "worker", _("Worker")
        BEAT = "beat", _("Beat")

    component = models.CharField(_("component"), max_length=16, choices=Component.choices)
    host = models.CharField(_("host"), max_length=255)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        constraints = [
            models.UniqueConstraint(fields=["component", "host"], name="heartbeat_per_process")
        ]

    def __str__(self):
        return f"{self.component} {self.host} {self.at:%Y-%m-%d %H:%M:%S}"
