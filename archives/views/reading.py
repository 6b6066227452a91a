"""Reading request pages (A3, C4): ask, register an outsider, follow and decide."""

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
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from core.uploads import attachment_response

from ..forms import OnBehalfRequestForm, OutsiderRequestForm, ReadingRequestForm
from ..selectors import (
    requestable_items,
    search_by_item_or_person,
    visible_items,
    visible_request_list,
    visible_requests,
)
from ..services import reading
from .catalogue import item_from_query, item_marking, page_marking


@login_required
def request_list(request):
    q = request.GET.get("q", "").strip()
    rows = search_by_item_or_person(
        visible_request_list(request.user), q, "requester__name", "outsider_name"
    )
    page, query = paginate(request, rows, 50)
    return render(
        request,
        "archives/request_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "marking": page_marking(row.item for row in page),
        },
    )


def _filing_page(request, form, item, file, success, **context):
    """A new reading request's page: the service files it (a refusal stays on the form with
    everything typed), then the request's page."""
    if request.method == "POST" and form.is_valid():
        try:
            created = file(form)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("archives:request_detail", pk=created.pk)
    return render(request, "archives/request_form.html", {"form": form, "item": item, **context})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    item = item_from_query(request, requestable_items(request.user))
    return _filing_page(
        request,
        ReadingRequestForm(request.POST or None),
        item,
        lambda form: reading.reading_request(actor=request.user, item=item, **form.cleaned_data),
        _("The reading request was sent for approval."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_for_employee(request):
    require(request.user.has_perm("archives.add_readingrequest"))
    item = item_from_query(request, requestable_items(request.user))
    return _filing_page(
        request,
        OnBehalfRequestForm(request.POST or None, user=request.user),
        item,
        lambda form: reading.reading_register_for(
            actor=request.user, item=item, **form.request_fields()
        ),
        _("The reading request was sent for approval."),
        on_behalf=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_outsider(request):
    require(request.user.has_perm("archives.add_readingrequest"))
    item = item_from_query(request, visible_items(request.user))
    return _filing_page(
        request,
        OutsiderRequestForm(request.POST or None, request.FILES or None),
        item,
        lambda form: reading.reading_register_outsider(
            actor=request.user, item=item, **form.cleaned_data
        ),
        _("The outsider's request was registered."),
        outsider=True,
    )


@login_required
def request_detail(request, pk):
    obj = get_visible_or_404(visible_requests(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=obj, request=request)
    step = obj.chain.current_step() if obj.chain_id else None
    may_decide = step is not None and user_may_decide(request.user, step)
    return render(
        request,
        "archives/request_detail.html",
        {
            "obj": obj,
            "marking": item_marking(obj.item),
            "steps": obj.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm() if may_decide else None,
            "running": reading.request_running(obj),
            "may_close": reading.request_running(obj)
            and (
                obj.requester
                and obj.requester.user_id == request.user.pk
                or request.user.has_perm("archives.add_readingrequest")
            ),
        },
    )


@login_required
def request_letter(request, pk):
    """An outsider's introduction letter is a private file: served to who may see the
    request, and logged (C5)."""
    obj = get_visible_or_404(visible_requests(request.user).exclude(introduction_letter=""), pk=pk)
    access_record(
        user=request.user,
        action=AccessLog.Action.VIEW,
        target=obj,
        target_repr=f"{obj} introduction letter",
        request=request,
    )
    return attachment_response(obj.introduction_letter)


@login_required
@require_POST
def request_decide(request, pk):
    obj = get_visible_or_404(visible_requests(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: reading.request_decide(actor=request.user, request=obj, **decision),
    )
    return redirect("archives:request_detail", pk=pk)


@login_required
@require_POST
def request_close(request, pk):
    obj = get_visible_or_404(visible_requests(request.user), pk=pk)
    run_with_message(
        request, lambda: reading.request_close(actor=request.user, request=obj), _("Access ended.")
    )
    return redirect("archives:request_detail", pk=pk)
