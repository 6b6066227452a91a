"""Inspection and destruction pages (A7, A8)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.selectors import user_may_decide
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.feedback import run_form, run_with_message
from core.pages import paginate

from . import destruction as destructions
from . import inspections
from .forms import (
    DecisionForm,
    DestructionProposeForm,
    DestructionRecordForm,
    FindingForm,
    InspectionFinishForm,
    InspectionPlanForm,
)
from .models import Destruction
from .selectors import (
    visible_destructions,
    visible_inspections,
    visible_items,
)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_list(request):
    require(request.user.has_perm("archives.view_inspection"))
    can_plan = request.user.has_perm("archives.add_inspection")
    form = InspectionPlanForm(request.POST or None)
    if request.method == "POST":
        require(can_plan)
        if form.is_valid():
            try:
                planned = inspections.inspection_plan(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Inspection planned."))
                return redirect("archives:inspection_detail", pk=planned.pk)
    page, query = paginate(request, visible_inspections(request.user), 20)
    return render(request, "archives/inspection_list.html", {
        "page": page, "query": query, "form": form if can_plan else None,
        "next_due": inspections.next_due(),
    })  # fmt: skip


@login_required
def inspection_detail(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    findings = inspection.findings.filter(item__in=visible_items(request.user).values("pk"))
    clerk = (request.user.has_perm("archives.change_inspection")
             and inspection.status == inspection.Status.PLANNED)  # fmt: skip
    return render(request, "archives/inspection_detail.html", {
        "inspection": inspection,
        "findings": findings.select_related("item", "recorded_by"),
        "finding_form": FindingForm() if clerk else None,
        "finish_form": InspectionFinishForm() if clerk else None,
    })  # fmt: skip


@login_required
@require_POST
def inspection_record(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    require(request.user.has_perm("archives.change_inspection"))
    form = FindingForm(request.POST)
    if form.is_valid():
        item = visible_items(request.user).filter(
            catalogue_no=form.cleaned_data["catalogue_no"].strip()).first()  # fmt: skip
        if item is None:
            messages.error(request, _("No such item in the catalogue."))
        else:
            run_with_message(request, lambda: inspections.inspection_record(
                actor=request.user, inspection=inspection, item=item,
                result=form.cleaned_data["result"], note=form.cleaned_data["note"]))  # fmt: skip
    return redirect("archives:inspection_detail", pk=pk)


@login_required
@require_POST
def inspection_finish(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    require(request.user.has_perm("archives.change_inspection"))
    run_form(request, InspectionFinishForm(request.POST),
             lambda **data: inspections.inspection_finish(
                 actor=request.user, inspection=inspection, **data),
             _("Inspection finished."),
             _("Record the storage conditions (damp, mould, fire, security)."))  # fmt: skip
    return redirect("archives:inspection_detail", pk=pk)


@login_required
def destruction_list(request):
    require(request.user.has_perm("archives.view_destruction"))
    page, query = paginate(request, visible_destructions(request.user), 30)
    due = destructions.past_retention(request.user).select_related("department")
    return render(request, "archives/destruction_list.html", {
        "page": page, "query": query, "due": due[:50], "due_count": due.count(),
        "can_propose": request.user.has_perm("archives.add_destruction"),
        "propose_form": DestructionProposeForm(),
    })  # fmt: skip


@login_required
@require_POST
def destruction_propose(request, pk):
    item = get_visible_or_404(visible_items(request.user), pk=pk)
    require(request.user.has_perm("archives.add_destruction"))
    form = DestructionProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the reason."))
        return redirect("archives:destruction_list")
    result = run_with_message(request, lambda: destructions.destruction_propose(
        actor=request.user, item=item, **form.cleaned_data),
        _("Proposed for destruction."))  # fmt: skip
    if result is None:
        return redirect("archives:destruction_list")
    return redirect("archives:destruction_detail", pk=result.pk)


@login_required
def destruction_detail(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=destruction,
                  request=request)  # fmt: skip
    step = destruction.chain.current_step() if destruction.chain_id else None
    clerk = (request.user.has_perm("archives.change_destruction")
             and destruction.status == Destruction.Status.APPROVED)  # fmt: skip
    return render(request, "archives/destruction_detail.html", {
        "destruction": destruction,
        "item_shown": destruction.item_shown,
        "steps": destruction.chain.steps.prefetch_related("decisions__decider__employee"),
        "decide_form": DecisionForm() if step and user_may_decide(request.user, step) else None,
        "record_form": DestructionRecordForm(initial={"destroyed_on": timezone.localdate()})
        if clerk else None,
    })  # fmt: skip


@login_required
@require_POST
def destruction_decide(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose approve or reject."))
    else:
        run_with_message(request, lambda: destructions.destruction_decide(
            actor=request.user, destruction=destruction, outcome=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"]))  # fmt: skip
    return redirect("archives:destruction_detail", pk=pk)


@login_required
@require_POST
def destruction_record(request, pk):
    destruction = get_visible_or_404(visible_destructions(request.user), pk=pk)
    require(request.user.has_perm("archives.change_destruction"))
    form = DestructionRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the method, the date and two witnesses."))
    else:
        run_with_message(request, lambda: destructions.destruction_record(
            actor=request.user, destruction=destruction, **form.cleaned_data),
            _("Destruction recorded; the item stays in the catalogue as destroyed."))  # fmt: skip
    return redirect("archives:destruction_detail", pk=pk)
