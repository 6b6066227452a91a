"""Inspection pages (A7): plan, record item by item, finish with the storage conditions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.feedback import run_form, run_with_message
from core.pages import paginate

from ..forms import FindingFilterForm, FindingForm, InspectionFinishForm, InspectionPlanForm
from ..models import InspectionFinding
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
    damaged = Q(findings__result=InspectionFinding.Result.DAMAGED)
    listed = (
        visible_inspections(request.user)
        .annotate(awaiting_repair=Count("findings", filter=damaged))
        .order_by("-planned_on", "-id")
    )
    page, query = paginate(request, listed, 20)
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


def _shown_rows(request, inspection):
    """The detail page's one list, under its search: the findings (all, or the damaged
    awaiting repair), or the items still to check; always within the reader's ceiling."""
    form = FindingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"show": "", "q": ""}
    visible = visible_items(request.user)
    q = data["q"].strip()
    if data["show"] == FindingFilterForm.UNCHECKED:
        rows = inspections.unchecked_items(inspection).filter(pk__in=visible.values("pk"))
        if q:
            rows = rows.filter(Q(catalogue_no__istartswith=q) | Q(title__icontains=q))
        return form, rows.order_by("catalogue_no")
    rows = inspection.findings.filter(item__in=visible.values("pk"))
    if data["show"] == FindingFilterForm.DAMAGED:
        rows = rows.filter(result=InspectionFinding.Result.DAMAGED)
    if q:
        rows = rows.filter(Q(item__catalogue_no__istartswith=q) | Q(item__title__icontains=q))
    return form, rows.select_related("item", "recorded_by__employee")


@login_required
def inspection_detail(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    form, rows = _shown_rows(request, inspection)
    page, query = paginate(request, rows, 20)
    planned = inspection.status == inspection.Status.PLANNED
    recorder = request.user.has_perm("archives.add_inspectionfinding")
    clerk = request.user.has_perm("archives.change_inspection") and planned
    listing_items = form.is_valid() and form.cleaned_data["show"] == FindingFilterForm.UNCHECKED
    return render(
        request,
        "archives/inspection_detail.html",
        {
            "inspection": inspection,
            "filter_form": form,
            "page": page,
            "query": query,
            "listing_items": listing_items,
            "marking": page_marking(page if listing_items else (f.item for f in page)),
            "left": inspections.unchecked_items(inspection).count() if planned else 0,
            "can_repair": recorder,
            "finding_form": FindingForm(user=request.user) if recorder and planned else None,
            "finish_form": InspectionFinishForm() if clerk else None,
        },
    )


@login_required
@require_POST
def inspection_record(request, pk):
    inspection = get_visible_or_404(visible_inspections(request.user), pk=pk)
    require(request.user.has_perm("archives.add_inspectionfinding"))
    form = FindingForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the item from the catalogue, and the result."))
    else:
        run_with_message(
            request,
            lambda: inspections.inspection_record(
                actor=request.user, inspection=inspection, **form.cleaned_data
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


@login_required
@require_POST
def finding_repair(request, pk):
    """A damaged item's repair, recorded during the inspection or after it (A7)."""
    findings = InspectionFinding.objects.filter(
        inspection__in=visible_inspections(request.user),
        item__in=visible_items(request.user).values("pk"),
    )
    finding = get_visible_or_404(findings, pk=pk)
    require(request.user.has_perm("archives.add_inspectionfinding"))
    run_with_message(
        request,
        lambda: inspections.finding_repair(
            actor=request.user, finding=finding, note=request.POST.get("note", "")
        ),
        _("The repair is recorded."),
    )
    url = reverse("archives:inspection_detail", args=[finding.inspection_id])
    return redirect(f"{url}?show={FindingFilterForm.DAMAGED}")
