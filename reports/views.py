from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.selectors import access_log_entries, sees_hidden_readers
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.people import names_of
from core.uploads import attachment_response

from .exports import download_name, export_reap, report_export_request, report_export_retry
from .models import ReportExport
from .registry import report_get, reports_for
from .sheets import Sheet, export_allowed_or_404, xlsx_response


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


@login_required
def access_log_xlsx(request):
    """The access log as Excel (C5), under the page's search; lives here because audit sits
    below the export pipeline."""
    export_allowed_or_404(request.user, "audit.view_accesslog")
    entries = access_log_entries(
        request.user, q=request.GET.get("q", "").strip(), action=request.GET.get("action", "")
    )
    sees_hidden = sees_hidden_readers(request.user)

    def shown(entry) -> bool:
        return sees_hidden or not entry.reader_hidden

    hidden = _("(identity hidden at the reporter's request)")
    names = names_of(entries.order_by().values_list("user_id", flat=True).distinct())
    sheet = Sheet(
        title=_("Access log"),
        columns=[
            (_("Time"), lambda e: e.at),
            (_("User"), lambda e: names.get(e.user_id, e.username) if shown(e) else hidden),
            (_("Action"), lambda e: e.get_action_display()),
            (_("Object"), lambda e: e.target_repr),
            (_("Copy number"), lambda e: e.copy_number),
            (_("IP address"), lambda e: e.ip if shown(e) else None),
        ],
        rows=entries,
    )
    return xlsx_response(request, report_slug="access-log", sheet=sheet, level=Level.CONFIDENTIAL)
