"""Destruction pages (A8): items past retention, the proposal, its approval and the record
of the destruction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.feedback import run_with_message
from core.pages import paginate

from ..forms import DestructionProposeForm, DestructionRecordForm
from ..models import Destruction
from ..selectors import visible_destructions, visible_items
from ..services import destruction as destructions
from .catalogue import item_marking, page_marking


@login_required
def destruction_list(request):
    require(request.user.has_perm("archives.view_destruction"))
    page, query = paginate(request, visible_destructions(request.user), 30)
    due = destructions.past_retention(request.user).select_related("department")
    shown = list(due[:50])
    listed = [*shown, *(d.item for d in page if d.item_shown)]
    return render(
        request,
        "archives/destruction_list.html",
        {
            "page": page,
            "query": query,
            "marking": page_marking(listed),
            "due": shown,
            "due_count": due.count(),
            "can_propose": request.user.has_perm("archives.add_destruction"),
            "propose_form": DestructionProposeForm(),
        },
    )


@login_required
@require_POST
def destruction_propose(request, pk):
    item = get_visible_or_404(visible_items(request.user), pk=pk)
    require(request.user.has_perm("archives.add_destruction"))
    form = DestructionProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason."))
        return redirect("archives:destruction_list")
    result = run_with_message(
        request,
        lambda: destructions.destruction_propose(
            actor=request.user, item=item, **form.cleaned_data
        ),
        _("Proposed for destruction."),
    )
    if result is None:
        return redirect("archives:destruction_list")
    return redirect("archives:destruction_detail", pk=result.pk)


@login_required
def destruction_detail(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=destruction, request=request
    )
    step = destruction.chain.current_step() if destruction.chain_id else None
    clerk = (
        request.user.has_perm("archives.change_destruction")
        and destruction.status == Destruction.Status.APPROVED
    )
    return render(
        request,
        "archives/destruction_detail.html",
        {
            "destruction": destruction,
            "marking": item_marking(destruction.item),
            "item_shown": destruction.item_shown,
            "steps": destruction.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm() if step and user_may_decide(request.user, step) else None,
            "record_form": DestructionRecordForm(
                initial={"destroyed_on": timezone.localdate()}, user=request.user
            )
            if clerk
            else None,
        },
    )


@login_required
@require_POST
def destruction_decide(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: destructions.destruction_decide(
            actor=request.user, destruction=destruction, **decision
        ),
    )
    return redirect("archives:destruction_detail", pk=pk)


@login_required
@require_POST
def destruction_record(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    require(request.user.has_perm("archives.change_destruction"))
    form = DestructionRecordForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Please give the method, the date and two witnesses."))
    else:
        run_with_message(
            request,
            lambda: destructions.destruction_record(
                actor=request.user, destruction=destruction, **form.cleaned_data
            ),
            _("Destruction recorded; the item stays in the catalogue as destroyed."),
        )
    return redirect("archives:destruction_detail", pk=pk)
