from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.pages import paginate
from core.params import posted_ids
from reports.sheets import Sheet, export_allowed_or_404, highest_level_in, xlsx_response

from ..forms import BulkReviewForm, ClearanceRequestForm, ReviewForm
from ..models import Clearance
from ..pickers import REVIEWABLE
from ..selectors import (
    clearance_requestable,
    effective_level,
    reviews_due,
    visible_clearances,
    visible_reviews,
)
from ..services import grants as services

GRANTS_EXPORT = "clearance.view_clearance"


def _grants_filtered(request):
    """The clearances the list shows under its filter, and the filter."""
    status = request.GET.get("status", "")
    grants = visible_clearances(request.user)
    if status in Clearance.Status.values:
        grants = grants.filter(status=status)
    return grants, status


@login_required
def grant_list(request):
    grants, status = _grants_filtered(request)
    page, query = paginate(request, grants, 50)
    return render(
        request,
        "clearance/grant_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": Clearance.Status.choices,
            "can_request": clearance_requestable(request.user).exists(),
            "can_export": request.user.has_perm(GRANTS_EXPORT),
        },
    )


@login_required
def grant_list_xlsx(request):
    """The clearance list as Excel, marked with the highest level granted in it."""
    export_allowed_or_404(request.user, GRANTS_EXPORT)
    grants, _status = _grants_filtered(request)
    sheet = Sheet(
        title=_("Clearances"),
        columns=[
            (_("Employee"), lambda c: c.employee.name),
            (_("Department"), lambda c: c.employee.department.name),
            (_("Level"), lambda c: c.get_level_display()),
            (_("Temporary"), lambda c: c.temporary),
            (_("Valid from"), lambda c: c.valid_from),
            (_("Valid until"), lambda c: c.valid_until),
            (_("Status"), lambda c: c.get_status_display()),
        ],
        rows=grants,
    )
    level = highest_level_in(grants, "level", floor=Level.CONFIDENTIAL)
    return xlsx_response(request, report_slug="clearances", sheet=sheet, level=level)


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request):
    require(clearance_requestable(request.user).exists())
    form = ClearanceRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            clearance = services.clearance_request(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The clearance request was sent for approval."))
            return redirect("clearance:grant_detail", pk=clearance.pk)
    return render(request, "clearance/grant_form.html", {"form": form})


@login_required
def grant_detail(request, pk):
    clearance = get_visible_or_404(visible_clearances(request.user), pk=pk)
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=clearance, request=request
    )
    step = clearance.chain.current_step() if clearance.chain_id else None
    may_decide = (
        step is not None
        and user_may_decide(request.user, step)
        and request.user.pk != clearance.employee.user_id
    )
    steps = (
        clearance.chain.steps.prefetch_related("decisions__decider__employee")
        if (clearance.chain_id)
        else []
    )
    return render(
        request,
        "clearance/grant_detail.html",
        {
            "clearance": clearance,
            "steps": steps,
            "current_step": step,
            "decide_form": DecisionForm() if may_decide else None,
            "effective": _label(effective_level(clearance.employee)),
            "history": history_with_changes(recent_history(clearance, 30)),
        },
    )


def _label(level):
    return Level(level).label if level else None


@login_required
@require_POST
def grant_decide(request, pk):
    clearance = get_visible_or_404(visible_clearances(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: services.clearance_decide(
            actor=request.user, clearance=clearance, **decision
        ),
    )
    return redirect("clearance:grant_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request):
    can_record = request.user.has_perm("clearance.add_periodicreview")
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require(can_record)
        if form.is_valid():
            services.review_record(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Review recorded."))
            return redirect("clearance:review_list")
    return _review_page(request, form=form)


def _review_page(request, *, form=None, bulk_form=None, ticked=()):
    can_record = request.user.has_perm("clearance.add_periodicreview")
    due, query = paginate(request, reviews_due(request.user), 50)
    form = ReviewForm(user=request.user) if form is None else form
    bulk_form = BulkReviewForm() if bulk_form is None else bulk_form
    return render(
        request,
        "clearance/review_list.html",
        {
            "due": due,
            "query": query,
            "ticked": set(ticked),
            "form": form if can_record else None,
            "bulk_form": bulk_form if can_record else None,
            "recent": visible_reviews(request.user).select_related(
                "employee", "reviewer__employee"
            )[:30],
        },
    )


@login_required
@require_POST
def review_bulk(request):
    """The same review result for every person ticked on the list of reviews due; a missing
    result shows the list again with the ticks kept."""
    require(request.user.has_perm("clearance.add_periodicreview"))
    ids = posted_ids(request, "employee")
    people = list(REVIEWABLE.rows(request.user).filter(pk__in=ids))
    if len(people) != len(ids):
        raise Http404("not a person the user may review")
    form = BulkReviewForm(request.POST)
    if not ids:
        form.add_error(None, _("Tick the people first."))
    if not form.is_valid():
        return _review_page(request, bulk_form=form, ticked=ids)
    count = services.reviews_record(actor=request.user, employees=people, **form.cleaned_data)
    messages.success(request, _("%(n)s reviews recorded.") % {"n": count})
    return redirect("clearance:review_list")
