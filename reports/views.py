from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.uploads import attachment_response

from .exports import download_name, export_reap, report_export_request, report_export_retry
from .models import ReportExport
from .registry import report_get, reports_for


def visible_exports(user):
    """An export is seen by the person who asked for it, nobody else."""
    return ReportExport.objects.filter(requested_by=user)


@login_required
def report_list(request):
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports_for(request.user), "exports": visible_exports(request.user)[:10]},
    )


@login_required
@require_POST
def export_request(request, slug):
    report = report_get(slug)
    require(request.user.has_perm(report.permission) and report.runs_in_background)
    try:
        export = report_export_request(user=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:report_list")
    return redirect("reports:export_detail", pk=export.pk)


@login_required
@require_POST
def export_retry(request, pk):
    failed = get_visible_or_404(visible_exports(request.user), pk=pk)
    try:
        export = report_export_retry(user=request.user, export_id=failed.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:export_detail", pk=failed.pk)
    return redirect("reports:export_detail", pk=export.pk)


@login_required
def export_detail(request, pk):
    export = get_visible_or_404(visible_exports(request.user), pk=pk)
    if not export.finished:  # each poll checks that the run can still finish
        export = export_reap(export_id=export.pk)
    template = (
        "reports/export_progress.html"
        if request.headers.get("HX-Request")
        else "reports/export_detail.html"
    )
    return render(request, template, {"export": export, "report": report_get(export.report)})


@login_required
def export_download(request, pk):
    export = get_visible_or_404(
        visible_exports(request.user).filter(status=ReportExport.Status.DONE), pk=pk
    )
    access_record(
        user=request.user,
        action=AccessLog.Action.VIEW,
        target=export,
        request=request,
        copy_number=export.copy_number,
    )
    title = report_get(export.report).title
    return attachment_response(
        export.file, filename=download_name(title, export.copy_number, "pdf")
    )
