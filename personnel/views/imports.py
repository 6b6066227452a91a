"""Imports from Excel (issue 17): the upload page and template of each kind, then one page
per import that shows its progress, its preview (every row's errors) and its result.

Without the kind's rights a page is a 404, as is someone else's import. Candidates use
these views from onboarding's URLs.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from reports.sheets import CONTENT_TYPE

from ..forms import ImportConfirmForm, ImportUploadForm
from ..imports.sheet import MAX_ERRORS_KEPT, import_spec, may_import
from ..imports.template import template_xlsx
from ..selectors import visible_import_jobs
from ..services import imports as services

ERRORS_PER_PAGE = 100


def _spec_or_404(user, kind: str):
    try:
        spec = import_spec(kind)
    except LookupError:
        raise Http404 from None
    if not may_import(user, spec):
        raise Http404
    return spec


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, kind):
    spec = _spec_or_404(request.user, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                actor=request.user,
                kind=kind,
                upload=form.cleaned_data["file"],
                language=get_language() or "",
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("personnel:import_job", pk=job.pk)
    return render(
        request,
        "personnel/import_upload.html",
        {
            "spec": spec,
            "form": form,
            "template_url": reverse(f"{spec.url_name}_template"),
            "jobs": visible_import_jobs(request.user).filter(kind=kind)[:10],
        },
    )


@login_required
def import_template(request, kind):
    spec = _spec_or_404(request.user, kind)
    content = template_xlsx(spec, rows=settings.IMPORT_MAX_ROWS)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = _("%(list)s import template.xlsx") % {"list": spec.title}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def import_job(request, pk):
    """The import's page: progress while it runs (polled by htmx), then the preview or the
    result. A poll that finds the run finished reloads the whole page."""
    job = get_visible_or_404(visible_import_jobs(request.user), pk=pk)
    spec = _spec_or_404(request.user, job.kind)
    if job.running:  # each poll checks that the run can still finish
        job = services.import_reap(job_id=job.pk)
    if request.headers.get("HX-Request"):
        if job.running:
            return render(request, "personnel/import_progress.html", {"job": job})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    page, query = paginate(request, job.errors, ERRORS_PER_PAGE)
    return render(
        request,
        "personnel/import_job.html",
        {
            "job": job,
            "spec": spec,
            "page": page,
            "query": query,
            "upload_url": reverse(spec.url_name),
            "errors_cut": len(job.errors) >= MAX_ERRORS_KEPT,
        },
    )


@login_required
@require_POST
def import_confirm(request, pk):
    job = get_visible_or_404(visible_import_jobs(request.user), pk=pk)
    _spec_or_404(request.user, job.kind)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to import."))
    else:
        run_with_message(
            request,
            lambda: services.import_confirm(
                actor=request.user, job=job, mode=form.cleaned_data["mode"]
            ),
            success=_("The import has started."),
        )
    return redirect("personnel:import_job", pk=job.pk)
