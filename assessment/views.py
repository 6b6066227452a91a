"""Self-assessment pages: the score sheet for a period, the records behind a lost point,
saving a run and the runs saved. The security office and auditors only; others get 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.history import history_with_changes, recent_history
from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.forms import within_calendar
from core.pages import paginate
from core.params import query_date
from reports.exports import pdf_response

from . import selectors, services
from .forms import StandardItemAddForm, StandardItemForm
from .models import StandardItem
from .reports import PACK, pack_document

SHORTFALLS_PER_PAGE = 50


def _viewer(request) -> None:
    if not selectors.may_view(request.user):
        raise Http404("no self-assessment here")


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    period_from = query_date(request, "from", today.replace(month=1, day=1))
    period_to = query_date(request, "to", today)
    if period_from > period_to:
        raise BadRequest("the period ends before it starts")
    return period_from, period_to


def _period_query(period_from, period_to) -> str:
    return urlencode({"from": period_from.isoformat(), "to": period_to.isoformat()})


@login_required
@require_GET
def assessment_index(request):
    _viewer(request)
    period_from, period_to = _period(request)
    assessment = selectors.assessment_compute(period_from=period_from, period_to=period_to)
    return render(
        request,
        "assessment/index.html",
        {
            "assessment": assessment,
            "period_query": _period_query(period_from, period_to),
            "can_save": selectors.may_save(request.user),
        },
    )


@login_required
@require_GET
def item_shortfalls(request, pk):
    _viewer(request)
    period_from, period_to = _period(request)
    result = selectors.item_result(pk=pk, period_from=period_from, period_to=period_to)
    if result is None:
        raise Http404("no such item")
    page, query = paginate(request, result.shortfalls, SHORTFALLS_PER_PAGE)
    return render(
        request,
        "assessment/shortfalls.html",
        {
            "result": result,
            "page": page,
            "query": query,
            "period_from": period_from,
            "period_to": period_to,
            "period_query": _period_query(period_from, period_to),
        },
    )


@login_required
@require_POST
def run_save(request):
    _viewer(request)
    try:
        period_from = datetime.date.fromisoformat(request.POST.get("from", ""))
        period_to = datetime.date.fromisoformat(request.POST.get("to", ""))
        within_calendar(period_from)
        within_calendar(period_to)
    except (ValueError, ValidationError):
        raise BadRequest("the period is not a pair of dates in range") from None
    try:
        run = services.assessment_run_save(
            actor=request.user, period_from=period_from, period_to=period_to
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessment:index")
    messages.success(request, _("The self-assessment was saved."))
    return redirect("assessment:run_detail", pk=run.pk)


@login_required
@require_GET
def run_list(request):
    _viewer(request)
    page, query = paginate(request, selectors.runs_visible_to(request.user), 25)
    return render(request, "assessment/runs.html", {"page": page, "query": query})


@login_required
@require_GET
def run_detail(request, pk):
    _viewer(request)
    run = get_visible_or_404(selectors.runs_visible_to(request.user), pk=pk)
    return render(
        request,
        "assessment/run_detail.html",
        {
            "run": run,
            "live_url": reverse("assessment:index")
            + "?"
            + _period_query(run.period_from, run.period_to),
        },
    )


@login_required
@require_GET
def run_item_shortfalls(request, pk, index):
    """The records behind one item's lost points as the run saved them, in pages as on the
    live sheet."""
    _viewer(request)
    run = get_visible_or_404(selectors.runs_visible_to(request.user), pk=pk)
    if index >= len(run.figures):
        raise Http404("no such item in the run")
    figure = run.figures[index]
    page, query = paginate(request, figure["shortfalls"], SHORTFALLS_PER_PAGE)
    return render(
        request,
        "assessment/run_shortfalls.html",
        {"run": run, "figure": figure, "page": page, "query": query},
    )


@login_required
@require_GET
def pack_pdf(request):
    _viewer(request)
    period_from, period_to = _period(request)
    assessment = selectors.assessment_compute(period_from=period_from, period_to=period_to)
    return pdf_response(request, report_slug=PACK.slug, document=pack_document(assessment))


@login_required
@require_GET
def standard_list(request):
    _viewer(request)
    return render(
        request,
        "assessment/standard.html",
        {
            "items": selectors.standard_items(),
            "can_change": selectors.may_change_standard(request.user),
        },
    )


def _standard_keeper(request) -> None:
    _viewer(request)
    require(selectors.may_change_standard(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def standard_item_edit(request, pk):
    _standard_keeper(request)
    item = get_visible_or_404(StandardItem.objects.all(), pk=pk)
    form = StandardItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_item_update(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The standard was updated."))
            return redirect("assessment:standard_list")
    history = history_with_changes(recent_history(item, 30))
    return render(
        request,
        "assessment/standard_form.html",
        {"form": form, "item": item, "history": history},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_item_add(request):
    _standard_keeper(request)
    last = StandardItem.objects.order_by("-section", "-order").first()
    form = StandardItemAddForm(
        request.POST or None, initial={"section": last.section if last else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.standard_item_add(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Item %(code)s was added.") % {"code": item.code})
            return redirect("assessment:standard_list")
    return render(request, "assessment/standard_add.html", {"form": form})


@login_required
@require_POST
def standard_item_switch(request, pk):
    """On or off; the button switching an item off asks first (it leaves the total)."""
    _standard_keeper(request)
    item = get_visible_or_404(StandardItem.objects.all(), pk=pk)
    active = request.POST.get("active")
    if active not in ("on", "off"):
        raise BadRequest("switch on or off")
    try:
        services.standard_item_switch(actor=request.user, item=item, active=active == "on")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The standard was updated."))
    return redirect("assessment:standard_list")
