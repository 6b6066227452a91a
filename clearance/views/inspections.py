"""Internal inspections of departments (R3): plan, carry out with findings, rectify, verify."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.feedback import run_form, run_with_message
from core.pages import paginate

from ..forms import (
    DeptFindingForm,
    DeptInspectionFinishForm,
    DeptInspectionPlanForm,
    RectificationForm,
    VerificationForm,
)
from ..models import DepartmentFinding, DepartmentInspection
from ..selectors import visible_dept_findings, visible_dept_inspections
from ..services import inspections

OPEN = DepartmentFinding.Status.OPEN
RECTIFIED = DepartmentFinding.Status.RECTIFIED


@login_required
def inspection_list(request):
    q = request.GET.get("q", "").strip()
    rows = (
        visible_dept_inspections(request.user)
        .annotate(open_findings=Count("findings", filter=Q(findings__status=OPEN)))
        .order_by("-planned_on", "-id")
    )
    if q:
        rows = rows.filter(
            Q(department__name__icontains=q) | Q(scope__icontains=q) | Q(inspectors__icontains=q)
        )
    page, query = paginate(request, rows, 20)
    can_plan = request.user.has_perm("clearance.add_departmentinspection")
    mine = visible_dept_findings(request.user).filter(status=OPEN)
    return render(
        request,
        "clearance/inspection_list.html",
        {"page": page, "query": query, "q": q, "can_plan": can_plan, "open_count": mine.count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    require(request.user.has_perm("clearance.add_departmentinspection"))
    form = DeptInspectionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            planned = inspections.dept_inspection_plan(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Inspection planned."))
            return redirect("clearance:inspection_detail", pk=planned.pk)
    return render(request, "clearance/inspection_form.html", {"form": form})


def _findings_shown(user, inspection):
    """All the findings for the office and auditors; the owner's and the head's own else."""
    findings = visible_dept_findings(user).filter(inspection=inspection)
    return findings.select_related("owner__department", "rectified_by", "verified_by")


@login_required
def inspection_detail(request, pk):
    inspection = get_visible_or_404(visible_dept_inspections(request.user), pk=pk)
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=inspection, request=request
    )
    user = request.user
    office = user.has_perm("clearance.change_departmentinspection")
    under_way = inspection.status == DepartmentInspection.Status.IN_PROGRESS
    can_verify = user.has_perm("clearance.change_departmentfinding")
    rectifiable = set(
        inspections.rectifiable_findings(user)
        .filter(inspection=inspection, status=OPEN)
        .values_list("pk", flat=True)
    )
    rows = [
        (finding, finding.pk in rectifiable, can_verify and finding.status == RECTIFIED)
        for finding in _findings_shown(user, inspection)
    ]
    return render(
        request,
        "clearance/inspection_detail.html",
        {
            "inspection": inspection,
            "rows": rows,
            "can_start": office and inspection.status == DepartmentInspection.Status.PLANNED,
            "finding_form": DeptFindingForm(user=user) if office and under_way else None,
            "finish_form": DeptInspectionFinishForm() if office and under_way else None,
            "rectify_form": RectificationForm(),
            "verify_form": VerificationForm(),
        },
    )


def _inspection_for_office(request, pk):
    inspection = get_visible_or_404(visible_dept_inspections(request.user), pk=pk)
    require(request.user.has_perm("clearance.change_departmentinspection"))
    return inspection


@login_required
@require_POST
def inspection_start(request, pk):
    inspection = _inspection_for_office(request, pk)
    run_with_message(
        request,
        lambda: inspections.dept_inspection_start(actor=request.user, inspection=inspection),
        _("Inspection under way: record its findings."),
    )
    return redirect("clearance:inspection_detail", pk=pk)


@login_required
@require_POST
def inspection_finish(request, pk):
    inspection = _inspection_for_office(request, pk)
    run_form(
        request,
        DeptInspectionFinishForm(request.POST),
        lambda **data: inspections.dept_inspection_finish(
            actor=request.user, inspection=inspection, **data
        ),
        _("Inspection finished."),
    )
    return redirect("clearance:inspection_detail", pk=pk)


@login_required
@require_POST
def finding_add(request, pk):
    inspection = _inspection_for_office(request, pk)
    require(request.user.has_perm("clearance.add_departmentfinding"))
    run_form(
        request,
        DeptFindingForm(request.POST, user=request.user),
        lambda **data: inspections.dept_finding_record(
            actor=request.user, inspection=inspection, **data
        ),
        _("Finding recorded; its owner has been told."),
    )
    return redirect("clearance:inspection_detail", pk=pk)


@login_required
@require_POST
def finding_rectify(request, pk):
    finding = get_visible_or_404(visible_dept_findings(request.user), pk=pk)
    require(inspections.may_rectify(request.user, finding))
    run_form(
        request,
        RectificationForm(request.POST),
        lambda **data: inspections.dept_finding_rectify(
            actor=request.user, finding=finding, **data
        ),
        _("Rectification recorded; the security office verifies it."),
    )
    return redirect("clearance:inspection_detail", pk=finding.inspection_id)


@login_required
@require_POST
def finding_verify(request, pk):
    finding = get_visible_or_404(visible_dept_findings(request.user), pk=pk)
    require(request.user.has_perm("clearance.change_departmentfinding"))
    run_form(
        request,
        VerificationForm(request.POST),
        lambda **data: inspections.dept_finding_verify(actor=request.user, finding=finding, **data),
    )
    return redirect("clearance:inspection_detail", pk=finding.inspection_id)
