"""Exporting a report: number the copy, render the PDF, log the export (A9, C5).

A copy number is reserved before rendering (it is printed on every page) and logged as
exported only once the file exists; a number whose file was never produced is logged as
voided, so every number is accounted for. Background exports finish or say why (R4): a
run whose worker died or ran past its time limit is marked failed (`export_reap`), and the
user may try again with a fresh run (`report_export_retry`).
"""

import logging
import re
import threading
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from audit.models import AccessLog
from audit.services import access_record
from core.errors import DomainError
from core.people import person_name

from .models import ExportCounter, ReportExport
from .pdf import PdfDocument, Stamp, render_pdf
from .registry import report_get

logger = logging.getLogger(__name__)
Failure = ReportExport.Failure


# --- Copy numbers -------------------------------------------------------------------------
@transaction.atomic
def export_copy_reserve(*, report_slug: str) -> str:
    """The next copy number (份号) of a report; the counter row is locked only meanwhile."""
    ExportCounter.objects.get_or_create(report=report_slug)
    counter = ExportCounter.objects.select_for_update().get(report=report_slug)
    counter.last_copy += 1
    counter.save(update_fields=["last_copy"])
    return f"{report_slug.upper()}-{counter.last_copy:05d}"


def export_copy_log(
    *,
    user,
    report_slug: str,
    title: str,
    copy_number: str,
    voided=False,
    export=None,
    request=None,
) -> AccessLog:
    """The access-log row of a copy: exported (its file exists) or voided (it never will)."""
    return access_record(
        user=user,
        action=AccessLog.Action.VOID if voided else AccessLog.Action.EXPORT,
        target=export,
        target_type=f"report:{report_slug}",
        target_repr=title,
        request=request,
        copy_number=copy_number,
    )


def pdf_response(request, *, report_slug: str, document: PdfDocument) -> HttpResponse:
    """Render a report while the user waits; the copy is logged once its PDF exists."""
    copy = partial(
        export_copy_log,
        user=request.user,
        report_slug=report_slug,
        title=document.title,
        request=request,
    )
    stamp = Stamp(
        exporter=person_name(request.user),
        exported_at=timezone.now(),
        copy_number=export_copy_reserve(report_slug=report_slug),
    )
    try:
        pdf = render_pdf(document, stamp)
    except BaseException:
        copy(copy_number=stamp.copy_number, voided=True)
        raise
    copy(copy_number=stamp.copy_number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, download_name(document.title, stamp.copy_number, "pdf")
    )
    return response


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def download_name(title: str, copy_number: str, extension: str) -> str:
    """A copy's file name as its reader would give it: the title, then the copy number."""
    return (
        f"{_NOT_IN_FILE_NAMES.sub('_', str(title)).strip() or 'export'}-{copy_number}.{extension}"
    )


# --- Requesting a background export ----------------------------------------------------------
class ExportQueueDown(DomainError):
    pass


def _require_exportable(user, report) -> None:
    if not report.runs_in_background or not user.has_perm(report.permission):
        raise PermissionDenied(report.slug)


def _export_send(export_id: int) -> None:
    """Hand the export to the broker; if it is down, remove the row and refuse: no export
    may wait "queued" for a message that was never sent."""
    from config.celery import app

    from .tasks import report_export_run

    try:
        with app.connection_for_write() as connection:
            report_export_run.apply_async((export_id,), connection=connection, retry=False)
    except (BrokerError, OSError) as error:
        logger.warning("export %s not queued, broker unreachable: %s", export_id, error)
        ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.QUEUED).delete()
        raise ExportQueueDown(
            _(
                "The background export service is not reachable, so the export was not "
                "started. Please try again later or tell the system administrator."
            )
        ) from error


def report_export_request(*, user, report) -> ReportExport:
    """Queue a background export of a registered report; the worker renders it.

    Sent once the row is committed; raises ExportQueueDown, leaving no row, when the broker
    is unreachable.
    """
    _require_exportable(user, report)
    export = ReportExport.objects.create(report=report.slug, requested_by=user)
    transaction.on_commit(partial(_export_send, export.pk))
    return export


def report_export_retry(*, user, export_id: int) -> ReportExport:
    """Try a failed export again as a fresh run; asked twice, the same retry is returned."""
    with transaction.atomic():
        failed = ReportExport.objects.select_for_update().get(pk=export_id, requested_by=user)
        if failed.status != ReportExport.Status.FAILED:
            raise DomainError(_("Only a failed export can be tried again."))
        existing = ReportExport.objects.filter(retry_of=failed).first()
        if existing is not None:
            return existing
        report = report_get(failed.report)
        _require_exportable(user, report)
        export = ReportExport.objects.create(report=report.slug, requested_by=user, retry_of=failed)
    transaction.on_commit(partial(_export_send, export.pk))
    return export


# --- Running it (in the worker) ---------------------------------------------------------------
class _Heartbeat:
    """While the render runs, a thread touches the export's heartbeat every few seconds, so
    silence means the process is gone (killed, out of memory, machine down)."""

    def __init__(self, export_id: int):
        self.export_id = export_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            while not self.stopped.wait(settings.EXPORT_HEARTBEAT_SECONDS):
                ReportExport.objects.filter(
                    pk=self.export_id, status=ReportExport.Status.RUNNING
                ).update(heartbeat_at=timezone.now())
        except Exception:  # the render goes on; a stale heartbeat fails the export visibly
            logger.warning("export %s: heartbeat stopped", self.export_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()


def _export_claim(export_id: int) -> ReportExport | None:
    """Move a queued export to running; None when another run already has it (idempotent)."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status != ReportExport.Status.QUEUED:
            return None
        export.status = ReportExport.Status.RUNNING
        export.started_at = export.heartbeat_at = timezone.now()
        export.progress = 5
        export.save(update_fields=["status", "started_at", "heartbeat_at", "progress"])
    return export


def _export_progress(export: ReportExport, percent: int) -> None:
    export.progress = percent
    export.save(update_fields=["progress"])


def _export_copy_reserve(export_id: int) -> str | None:
    """A copy number for a running export, kept on its row so that it is voided if the run
    never finishes; None when the export was failed meanwhile."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status != ReportExport.Status.RUNNING:
            return None
        export.copy_number = export_copy_reserve(report_slug=export.report)
        export.save(update_fields=["copy_number"])
    return export.copy_number


def _export_fail(export: ReportExport, *, failure: str, error: str) -> None:
    """Mark a locked, unfinished export failed; a copy number it holds is voided."""
    export.status = ReportExport.Status.FAILED
    export.failure = failure
    export.error = error[:300]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "failure", "error", "finished_at"])
    if export.copy_number:
        export_copy_log(
            user=export.requested_by,
            report_slug=export.report,
            export=export,
            voided=True,
            title=_report_title(export.report),
            copy_number=export.copy_number,
        )


def _report_title(slug: str) -> str:
    try:
        return str(report_get(slug).title)
    except Http404:  # a report no longer registered
        return slug


def _export_failed(export_id: int, *, failure: str, error: str) -> None:
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if not export.finished:
            _export_fail(export, failure=failure, error=error)


def _export_done(export: ReportExport, *, pdf: bytes, title: str) -> None:
    """Store the file, then in one transaction mark the export done and log the copy —
    unless it was failed meanwhile (its number is voided then): the file is dropped."""
    export.file.save(f"{export.report}-{export.copy_number}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            locked = ReportExport.objects.select_for_update().get(pk=export.pk)
            if locked.status == ReportExport.Status.RUNNING:
                locked.file = export.file.name
                locked.status = ReportExport.Status.DONE
                locked.progress = 100
                locked.finished_at = timezone.now()
                locked.save(update_fields=["file", "status", "progress", "finished_at"])
                export_copy_log(
                    user=locked.requested_by,
                    report_slug=locked.report,
                    title=title,
                    copy_number=locked.copy_number,
                    export=locked,
                )
                return
    except BaseException:
        export.file.delete(save=False)  # no row will point at it
        raise
    export.file.delete(save=False)


def report_export_run(*, export_id: int) -> None:
    export = _export_claim(export_id)
    if export is None:
        return
    user = export.requested_by
    try:
        report = report_get(export.report)
        if not user.is_active or not user.has_perm(report.permission):
            raise PermissionDenied(report.slug)
        document = report.build(user)
        _export_progress(export, 20)
        export.copy_number = _export_copy_reserve(export.pk)
        if export.copy_number is None:
            return  # failed meanwhile (reaped): nothing of this run is kept
        stamp = Stamp(person_name(user), timezone.now(), export.copy_number)
        with _Heartbeat(export.pk):
            pdf = render_pdf(document, stamp)
        _export_done(export, pdf=pdf, title=document.title)
    except Exception as error:  # the user sees "failed" instead of a spinner forever
        logger.exception("report export %s failed", export_id)
        timed_out = isinstance(error, SoftTimeLimitExceeded)
        _export_failed(
            export_id,
            failure=Failure.TIMED_OUT if timed_out else Failure.ERROR,
            error=f"{type(error).__name__}: {error}",
        )


# --- Reaping runs that will never finish -------------------------------------------------------
def _stale_filter(now) -> Q:
    silent = now - timedelta(seconds=settings.EXPORT_SILENT_SECONDS)
    queued = Q(status=ReportExport.Status.QUEUED) & Q(
        requested_at__lt=now - timedelta(seconds=settings.EXPORT_QUEUE_TIMEOUT_SECONDS)
    )
    running = Q(status=ReportExport.Status.RUNNING) & (
        Q(heartbeat_at__lt=silent)
        | Q(heartbeat_at=None, requested_at__lt=silent)  # claimed before heartbeats existed
        | Q(started_at__lt=now - timedelta(seconds=_run_limit()))
    )
    return queued | running


def _run_limit() -> int:
    # Past its time limit Celery stops the task (soft, then hard); a worker without time
    # limits (the solo pool) is caught here, a minute later.
    return settings.EXPORT_TIME_LIMIT_SECONDS + 60


def _stale_reason(export: ReportExport, now) -> tuple[str, str]:
    if export.status == ReportExport.Status.QUEUED:
        return Failure.NOT_STARTED, f"queued since {export.requested_at.isoformat()}"
    started = export.started_at or export.requested_at
    if started < now - timedelta(seconds=_run_limit()):
        return Failure.TIMED_OUT, f"running since {started.isoformat()}"
    return Failure.WORKER_LOST, f"no heartbeat since {(export.heartbeat_at or started).isoformat()}"


def export_reap(*, export_id: int) -> ReportExport:
    """Fail the export if it can no longer finish (its worker is silent, it ran past its
    time limit, or no worker started it in time); the export, as it now stands."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        now = timezone.now()
        if ReportExport.objects.filter(_stale_filter(now), pk=export_id).exists():
            failure, error = _stale_reason(export, now)
            _export_fail(export, failure=failure, error=error)
    return export


def exports_reap() -> int:
    """Every export that can no longer finish is marked failed; how many were."""
    stale = ReportExport.objects.filter(_stale_filter(timezone.now()))
    reaped = 0
    for export_id in stale.values_list("pk", flat=True):
        reaped += export_reap(export_id=export_id).status == ReportExport.Status.FAILED
    return reaped
