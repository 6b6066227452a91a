"""Statistics requests (R5): ask, approve, issue, read the report as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level, marking
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows

from ..forms import StatisticsRequestForm
from ..models import StatisticsRequest
from ..selectors import employee_of, visible_statistics_requests
from ..services import statistics


@login_required
@require_http_methods(["GET", "POST"])
def statistics_list(request):
    form = StatisticsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = statistics.statistics_request(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The statistics request was sent for approval."))
            return redirect("archives:statistics_detail", pk=created.pk)
    page, query = paginate(request, visible_statistics_requests(request.user), 30)
    return render(
        request,
        "archives/statistics_list.html",
        {
            "page": page,
            "query": query,
            "form": form if employee_of(request.user) else None,
        },
    )


@login_required
def statistics_detail(request, pk):
    obj = get_visible_or_404(visible_statistics_requests(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=obj, request=request)
    step = obj.chain.current_step() if obj.chain_id else None
    return render(
        request,
        "archives/statistics_detail.html",
        {
            "obj": obj,
            "steps": obj.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm() if step and user_may_decide(request.user, step) else None,
            "can_issue": obj.status == StatisticsRequest.Status.APPROVED
            and request.user.has_perm("archives.change_statisticsrequest"),
            "issued": obj.status == StatisticsRequest.Status.ISSUED,
            "marking": _report_marking(request.user, obj),
        },
    )


def _report_marking(user, obj) -> dict | None:
    """A9: an issued report's page carries the marking its PDF carries for this reader."""
    if obj.status != StatisticsRequest.Status.ISSUED:
        return None
    level, years = statistics.statistics_gathered(user)
    level = level or Level.INTERNAL
    return {"text": marking(level, years), "level": level}


@login_required
@require_POST
def statistics_decide(request, pk):
    obj = get_visible_or_404(visible_statistics_requests(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: statistics.statistics_decide(
            actor=request.user, request=obj, **decision
        ),
    )
    return redirect("archives:statistics_detail", pk=pk)


@login_required
@require_POST
def statistics_issue(request, pk):
    obj = get_visible_or_404(visible_statistics_requests(request.user), pk=pk)
    require(request.user.has_perm("archives.change_statisticsrequest"))
    run_with_message(
        request, lambda: statistics.statistics_issue(actor=request.user, request=obj), _("Issued.")
    )
    return redirect("archives:statistics_detail", pk=pk)


@login_required
def statistics_pdf(request, pk):
    """The issued report, counted within the reader's own clearance ceiling."""
    obj = get_visible_or_404(visible_statistics_requests(request.user), pk=pk)
    require(obj.status == StatisticsRequest.Status.ISSUED)
    counted = statistics.statistics_rows(request.user)
    rows = [(dept, Level(level).label, n, out) for dept, level, n, out in counted]
    level, years = statistics.statistics_gathered(request.user)
    document = PdfDocument(
        title="档案统计报表",
        level=level or Level.INTERNAL,
        secrecy_years=years,
        body_template="reports/archive_statistics.html",
        pages=paginate_rows(rows, 30),
        context={"request_obj": obj},
        landscape=False,
    )
    return pdf_response(request, report_slug="archive-statistics", document=document)
