"""Exporting a report: take a copy number, log the export (A9, C5), render the PDF."""

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import AccessLog, ExportCounter
from .pdf import PdfDocument, Stamp, render_pdf
from .services import access_record


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
