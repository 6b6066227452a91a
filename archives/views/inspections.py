"""Inspection pages (A7): plan, record item by item, finish with the storage conditions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.feedback import run_form, run_with_message
from core.pages import paginate

from ..forms import FindingForm, InspectionFinishForm, InspectionPlanForm
from ..selectors import visible_inspections, visible_items
from ..services import inspections
from .catalogue import page_marking


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
    return render(
        request,
        "archives/inspection_list.html",
        {
            "page": page,
            "query": query,
            "form": form if can_plan else None,
            "next_due": inspections.next_due(),
        },
    )


@login_required
def inspection_detail(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    findings = list(
        inspection.findings.filter(
            item__in=visible_items(request.user).values("pk")
        ).select_related("item", "recorded_by__employee")
    )
    clerk = (
        request.user.has_perm("archives.change_inspection")
        and inspection.status == inspection.Status.PLANNED
    )
    return render(
        request,
        "archives/inspection_detail.html",
        {
            "inspection": inspection,
            "findings": findings,
            "marking": page_marking(f.item for f in findings),
            "finding_form": FindingForm() if clerk else None,
            "finish_form": InspectionFinishForm() if clerk else None,
        },
    )


@login_required
@require_POST
def inspection_record(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    require(request.user.has_perm("archives.change_inspection"))
    form = FindingForm(request.POST)
    if form.is_valid():
        item = (
            visible_items(request.user)
            .filter(catalogue_no=form.cleaned_data["catalogue_no"].strip())
            .first()
        )
        if item is None:
            messages.error(request, _("No such item in the catalogue."))
        else:
            run_with_message(
                request,
                lambda: inspections.inspection_record(
                    actor=request.user,
                    inspection=inspection,
                    item=item,
                    result=form.cleaned_data["result"],
                    note=form.cleaned_data["note"],
                ),
            )
    return redirect("archives:inspection_detail", pk=pk)


@login_required
@require_POST
def inspection_finish(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    require(request.user.has_perm("archives.change_inspection"))
    run_form(
        request,
        InspectionFinishForm(request.POST),
        lambda **data: inspections.inspection_finish(
            actor=request.user, inspection=inspection, **data
        ),
        _("Inspection finished."),
        _("Record the storage conditions (damp, mould, fire, security)."),
    )
    return redirect("archives:inspection_detail", pk=pk)
