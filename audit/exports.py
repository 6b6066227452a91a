"""Exporting a report: take a copy number, log the export (A9, C5), render the PDF."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import AccessLog, ExportCounter, ReportExport
from .pdf import PdfDocument, Stamp, render_pdf
from .reports import report_get
from .services import access_record

logger = logging.getLogger(__name__)


@transaction.atomic
def export_copy_take(*, user, report_slug: str, title: str, request=None) -> Stamp:
    """Issue the next copy number of a report and record the export in the access log."""
    ExportCounter.objects.get_or_create(report=report_slug)
    counter = ExportCounter.objects.select_for_update().get(report=report_slug)
    counter.last_copy += 1
    counter.save(update_fields=["last_copy"])
    copy_number = f"{report_slug.upper()}-{counter.last_copy:05d}"
    access_record(
        user=user,
        action=AccessLog.Action.EXPORT,
        target_type=f"report:{report_slug}",
        target_repr=title,
        request=request,
        copy_number=copy_number,
    )
    return Stamp(username=user.get_username(), exported_at=timezone.now(), copy_number=copy_number)


def pdf_response(request, *, report_slug: str, document: PdfDocument) -> HttpResponse:
    stamp = export_copy_take(
        user=request.user, report_slug=report_slug, title=document.title, request=request
    )
    response = HttpResponse(render_pdf(document, stamp), content_type="application/pdf")
    filename = f"{report_slug}-{stamp.copy_number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@transaction.atomic
def report_export_request(*, user, report) -> ReportExport:
    """Queue a background export of a registered report; the worker renders it."""
    if not report.runs_in_background or not user.has_perm(report.permission):
        raise PermissionDenied(report.slug)
    export = ReportExport.objects.create(report=report.slug, requested_by=user)
    from .tasks import report_export_run

    transaction.on_commit(lambda: report_export_run.delay(export.pk))
    return export


def _export_claim(export_id: int) -> ReportExport | None:
    """Move a queued export to running; None when another run already has it (idempotent)."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.status != ReportExport.Status.QUEUED:
            return None
        export.status = ReportExport.Status.RUNNING
        export.progress = 5
        export.save(update_fields=["status", "progress"])
    return export


def _export_progress(export: ReportExport, percent: int) -> None:
    export.progress = percent
    export.save(update_fields=["progress"])


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
        stamp = export_copy_take(user=user, report_slug=report.slug, title=document.title)
        pdf = render_pdf(document, stamp)
        export.file.save(f"{report.slug}-{stamp.copy_number}.pdf", ContentFile(pdf), save=False)
        export.copy_number = stamp.copy_number
        export.status = ReportExport.Status.DONE
        export.progress = 100
    except Exception as error:  # the user sees "failed" instead of a spinner forever
        logger.exception("report export %s failed", export_id)
        export.status = ReportExport.Status.FAILED
        export.error = f"{type(error).__name__}: {error}"[:300]
    export.finished_at = timezone.now()
    export.save()
