import dataclasses
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from core.params import LARGEST_ID, query_form
from core.uploads import attachment_response
from personnel.selectors import visible_employees
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from . import services, sweeps
from .forms import MonthForm, PlanForm, SessionForm
from .models import Assignment, SessionMaterial
from .reports import COMPLIANCE, compliance_context, compliance_document
from .selectors import (
    compliance,
    month_to_assign,
    monthly_of,
    pre_post_candidates,
    visible_assignments,
    visible_plans,
    visible_sessions,
)


def _month(request):
    month = query_form(MonthForm(request.GET))["month"]
    return services.month_start(month or services.current_month())


@login_required
def overview(request):
    can_assign = request.user.has_perm("training.add_assignment")
    mine = Assignment.objects.filter(employee__user=request.user).select_related("session")
    return render(
        request,
        "training/overview.html",
        {
            "mine": mine[:24],
            "plans": visible_plans(request.user)[:20],
            "sessions": visible_sessions(request.user)[:20],
            "month": services.current_month(),
            "can_manage": request.user.has_perm("training.add_trainingsession"),
            "secret_post_staff": pre_post_candidates() if can_assign else [],
        },
    )


@login_required
@require_POST
def assign_monthly_now(request):
    """This month, or the month a session's page asks for (then back to that session)."""
    require(request.user.has_perm("training.add_assignment"))
    month = query_form(MonthForm(request.POST))["month"]
    result = sweeps.assign_monthly(actor=request.user, month=month)
    if month is None:
        text = _("This month's education: %(assigned)s assigned now, %(already)s already had it.")
    else:
        text = _("Education for %(month)s: %(assigned)s assigned now, %(already)s already had it.")
    messages.success(request, text % {**result, "month": f"{month:%Y-%m}" if month else ""})
    session = request.POST.get("session", "")
    if session.isascii() and session.isdigit() and 0 < int(session) <= LARGEST_ID:
        return redirect("training:session_detail", pk=int(session))
    return redirect("training:overview")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require(request.user.has_perm("training.add_trainingplan"))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.plan_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Plan saved."))
        return redirect("training:overview")
    return render(request, "training/form.html", {"form": form, "title": _("New training plan")})


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require(request.user.has_perm("training.add_trainingsession"))
    form = SessionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        session = services.session_record(
            actor=request.user, materials=data.pop("materials") or (), **data
        )
        messages.success(request, _("Session recorded; now mark the attendance."))
        return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/form.html", {"form": form, "title": _("Record a session")})


@login_required
def session_detail(request, pk):
    session = get_visible_or_404(visible_sessions(request.user), pk=pk)
    can_manage = request.user.has_perm("training.change_assignment")
    attendees = session.assignments.filter(
        employee__in=visible_employees(request.user)
    ).select_related("employee__department")
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "attendees": attendees,
            "candidates": services.attendable(session) if can_manage else [],
            "can_manage": can_manage,
            "assign_month": (
                month_to_assign(session)
                if request.user.has_perm("training.add_assignment")
                else None
            ),
        },
    )


@login_required
def material_download(request, pk):
    """Materials are private files, served to who may see the session."""
    material = get_visible_or_404(
        SessionMaterial.objects.filter(session__in=visible_sessions(request.user)), pk=pk
    )
    return attachment_response(material.file)


@login_required
@require_POST
def attendance_mark(request, pk):
    session = get_visible_or_404(visible_sessions(request.user), pk=pk)
    require(request.user.has_perm("training.change_assignment"))
    ids = [value for value in request.POST.getlist("assignment") if value.isdigit()]
    try:
        count = services.attendance_mark(actor=request.user, session=session, assignment_ids=ids)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s marked as attended.") % {"n": count})
    return redirect("training:session_detail", pk=pk)


@login_required
@require_POST
def scores_record(request, pk):
    session = get_visible_or_404(visible_sessions(request.user), pk=pk)
    require(request.user.has_perm("training.change_assignment"))
    try:
        scores = {
            int(key.removeprefix("score-")): int(value)
            for key, value in request.POST.items()
            if key.startswith("score-") and value.strip()
        }
        count = services.scores_record(actor=request.user, session=session, scores=scores)
    except ValueError:
        messages.error(request, _("A score is a whole number between 0 and 100."))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s scores recorded.") % {"n": count})
    return redirect("training:session_detail", pk=pk)


@login_required
@require_POST
def pre_post_assign(request):
    require(request.user.has_perm("training.add_assignment"))
    pk = request.POST.get("employee", "")
    employee = get_visible_or_404(visible_employees(request.user), pk=pk if pk.isdigit() else 0)
    run_with_message(
        request,
        lambda: services.pre_post_assign(actor=request.user, employee=employee),
        _("Pre-post training assigned to %(name)s.") % {"name": employee.name},
    )
    return redirect("training:overview")


@login_required
def compliance_view(request):
    month = _month(request)
    assignments = visible_assignments(request.user)
    overdue, _query = paginate(
        request,
        monthly_of(request.user, month, Assignment.Status.OVERDUE).select_related(
            "employee__department"
        ),
        50,
    )
    return render(
        request,
        "training/compliance.html",
        {
            **compliance_context(assignments, month),
            "overdue": overdue,
            "query": f"month={month:%Y-%m}",
            "can_export": request.user.has_perm(COMPLIANCE.permission),
            "previous": services.month_start(month - datetime.timedelta(days=1)),
            "next": services.month_start(month + datetime.timedelta(days=31)),
        },
    )


@login_required
def compliance_pdf(request):
    require(request.user.has_perm(COMPLIANCE.permission))
    month = _month(request)
    document = compliance_document(visible_assignments(request.user), month)
    return pdf_response(request, report_slug=COMPLIANCE.slug, document=document)


@login_required
def compliance_xlsx(request):
    """The month's compliance table as Excel: the departments the user sees, and the total."""
    export_allowed_or_404(request.user, COMPLIANCE.permission)
    month = _month(request)
    rows, total = compliance(visible_assignments(request.user), month)
    sheet = Sheet(
        title=f"{_('Training compliance')} {month:%Y-%m}",
        columns=[
            (_("Department"), lambda row: row.department),
            (_("Assigned"), lambda row: row.assigned),
            (_("Attended"), lambda row: row.attended),
            (_("Passed"), lambda row: row.passed),
            (_("Overdue"), lambda row: row.overdue),
            (_("Completion rate"), lambda row: _percent(row.completion)),
            (_("Pass rate"), lambda row: _percent(row.pass_rate)),
            (_("Average score"), lambda row: row.average),
        ],
        rows=[*rows, dataclasses.replace(total, department=_("Total"))],
    )
    return xlsx_response(request, report_slug=COMPLIANCE.slug, sheet=sheet, level=Level.INTERNAL)


def _percent(value) -> str | None:
    return f"{value}%" if value is not None else None
