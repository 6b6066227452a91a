import dataclasses
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.pages import paginate
from core.params import LARGEST_ID, posted_ids, query_form
from core.uploads import attachment_response
from personnel.models import Employee
from personnel.selectors import employees_filtered, sight, visible_employees
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from . import services, sweeps
from .forms import AwarenessForm, MonthForm, PlanForm, SessionForm, SessionSheet, YearForm
from .models import Assignment, SessionMaterial
from .reports import APPRAISAL_SLUG, COMPLIANCE, compliance_context, compliance_document
from .selectors import (
    appraisal,
    compliance,
    hours_standing,
    month_to_assign,
    monthly_of,
    pre_post_waiting,
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
    me = _me(request.user)
    return render(
        request,
        "training/overview.html",
        {
            "me": me,
            "standing": hours_standing(me, services.current_month().year) if me else None,
            "can_export": request.user.has_perm(COMPLIANCE.permission),
            "awareness_form": AwarenessForm() if can_assign else None,
            "mine": mine[:24],
            "plans": visible_plans(request.user)[:20],
            "sessions": visible_sessions(request.user)[:20],
            "month": services.current_month(),
            "can_manage": request.user.has_perm("training.add_trainingsession"),
            "pre_post_waiting": (
                pre_post_waiting(request.user, services.current_month()).count()
                if can_assign
                else None
            ),
        },
    )


def _me(user) -> Employee | None:
    try:
        return user.employee  # read with the user by accounts' backend
    except Employee.DoesNotExist:
        return None


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


SHEET_PAGE = 50


def _session_rows(session, user, q=""):
    """The session's table: who attended first, then who may still attend; only the people
    the user sees; searchable by name or number."""
    waiting = services.attendable(session).values("pk")
    rows = Assignment.objects.filter(Q(session=session) | Q(pk__in=waiting), sight(user))
    if q:
        rows = rows.filter(Q(employee__name__icontains=q) | Q(employee__employee_no__istartswith=q))
    later = Case(When(session=session, then=Value(0)), default=Value(1))
    return rows.select_related("employee__department").order_by(later, "employee__employee_no")


def _session_page(request, session, sheet=None):
    can_manage = request.user.has_perm("training.change_assignment")
    q = request.GET.get("q", "").strip()[:50]
    rows = _session_rows(session, request.user, q)
    if not can_manage:
        rows = rows.filter(session=session)
    page, query = paginate(request, rows, SHEET_PAGE)
    if sheet is None:
        sheet = SessionSheet(session, page.object_list)
    assign_month = (
        month_to_assign(session) if request.user.has_perm("training.add_assignment") else None
    )
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "sheet": sheet,
            "page": page,
            "query": query,
            "q": q,
            "attended": session.assignments.filter(sight(request.user)).count(),
            "can_manage": can_manage,
            "assign_month": assign_month,
        },
    )


@login_required
def session_detail(request, pk):
    return _session_page(request, get_visible_or_404(visible_sessions(request.user), pk=pk))


@login_required
def material_download(request, pk):
    """Materials are private files, served to who may see the session."""
    material = get_visible_or_404(
        SessionMaterial.objects.filter(session__in=visible_sessions(request.user)), pk=pk
    )
    return attachment_response(material.file)


@login_required
@require_POST
def session_results(request, pk):
    """The session's table, one page of it in one submission (one transaction); a refusal
    shows the table again with every row as typed and each row's error."""
    session = get_visible_or_404(visible_sessions(request.user), pk=pk)
    require(request.user.has_perm("training.change_assignment"))
    ids = posted_ids(request, "row", limit=SHEET_PAGE)
    rows = list(_session_rows(session, request.user).filter(pk__in=ids))
    if len(rows) != len(ids):
        messages.error(request, _("The table changed meanwhile; it is shown again as it is now."))
        return redirect(_back_to(session, request))
    sheet = SessionSheet(session, rows, request.POST)
    if sheet.is_valid():
        try:
            marked, scored = services.session_results_record(
                actor=request.user, session=session, **sheet.results()
            )
        except DomainError as error:
            sheet.error = error.message
        else:
            messages.success(
                request,
                _("%(marked)s marked as attended, %(scored)s scores recorded.")
                % {"marked": marked, "scored": scored},
            )
            return redirect(_back_to(session, request))
    return _session_page(request, session, sheet=sheet)


def _back_to(session, request) -> str:
    """The session's page with the search and page the table was sent from."""
    query = {k: request.GET[k][:50] for k in ("q", "page") if request.GET.get(k)}
    url = reverse("training:session_detail", args=[session.pk])
    return f"{url}?{urlencode(query)}" if query else url


@login_required
def pre_post_list(request):
    """People in secret posts who have not passed the pre-post training: tick and assign."""
    require(request.user.has_perm("training.add_assignment"))
    q = request.GET.get("q", "").strip()[:50]
    people = employees_filtered(pre_post_waiting(request.user, services.current_month()), q=q)
    page, query = paginate(request, people.select_related("department", "position"), 50)
    return render(request, "training/pre_post_list.html", {"page": page, "query": query, "q": q})


@login_required
@require_POST
def pre_post_assign(request):
    """Assign the pre-post training to the people ticked on the list."""
    require(request.user.has_perm("training.add_assignment"))
    ids = posted_ids(request, "employee")
    back = reverse("training:pre_post_list") + (
        f"?{urlencode({'q': request.POST['q'][:50]})}" if request.POST.get("q") else ""
    )
    if not ids:
        messages.error(request, _("Tick the people first."))
        return redirect(back)
    month = services.current_month()
    people = list(pre_post_waiting(request.user, month).filter(pk__in=ids))
    if len(people) != len(ids):
        raise Http404("not waiting for the pre-post training")
    assigned, already = services.pre_post_assign_many(actor=request.user, employees=people)
    messages.success(
        request,
        _("Pre-post training: %(assigned)s assigned now, %(already)s already had it.")
        % {"assigned": assigned, "already": already},
    )
    return redirect(back)


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
            (_("Average study hours this year"), lambda row: row.hours),
            (_("Below the yearly minimum"), lambda row: row.below),
        ],
        rows=[*rows, dataclasses.replace(total, department=_("Total"))],
    )
    return xlsx_response(request, report_slug=COMPLIANCE.slug, sheet=sheet, level=Level.INTERNAL)


def _percent(value) -> str | None:
    return f"{value}%" if value is not None else None


# --- Study hours, the annual appraisal, awareness activities -----------------------------


def _year(request) -> int:
    year = query_form(YearForm(request.GET))["year"]
    return year or services.current_month().year


@login_required
def person_training(request, pk):
    """One person's trainings and their study hours this year against the minimum."""
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=employee, request=request)
    year = _year(request)
    trainings = employee.training_assignments.select_related("session").order_by("-month", "-id")
    page, query = paginate(request, trainings, 50)
    return render(
        request,
        "training/person.html",
        {
            "employee": employee,
            "standing": hours_standing(employee, year),
            "page": page,
            "query": query,
        },
    )


APPRAISAL_PAGE = 50


def _appraisal_rows(request):
    form = query_form(YearForm(request.GET))
    year = form["year"] or services.current_month().year
    q = request.GET.get("q", "").strip()[:50]
    people = employees_filtered(visible_employees(request.user), q=q)
    return year, q, form["below"], appraisal(people, year, below=form["below"])


@login_required
def appraisal_view(request):
    """Per person for a year: average score, study hours against the minimum, months passed;
    HR sees everyone, a head their department."""
    require(request.user.has_perm(COMPLIANCE.permission))
    year, q, below, rows = _appraisal_rows(request)
    page, query = paginate(request, rows, APPRAISAL_PAGE)
    return render(
        request,
        "training/appraisal.html",
        {
            "page": page,
            "query": query,
            "year": year,
            "q": q,
            "below": below,
            "minimum": settings.TRAINING_MIN_HOURS_PER_YEAR,
        },
    )


@login_required
def appraisal_xlsx(request):
    """The appraisal figures of the people the page shows, as Excel."""
    export_allowed_or_404(request.user, COMPLIANCE.permission)
    year, _q, _below, rows = _appraisal_rows(request)
    minimum = settings.TRAINING_MIN_HOURS_PER_YEAR
    sheet = Sheet(
        title=f"{_('Annual training appraisal')} {year}",
        columns=[
            (_("Employee number"), lambda row: row.employee_no),
            (_("Full name"), lambda row: row.name),
            (_("Department"), lambda row: row.department.name),
            (_("Average score"), lambda row: _one_decimal(row.year_average)),
            (_("Study hours"), lambda row: row.year_hours),
            (_("Minimum hours"), lambda row: minimum),
            (_("Below the minimum"), lambda row: row.year_hours < minimum),
            (_("Months passed"), lambda row: row.months_passed),
            (_("Months assigned"), lambda row: row.months_assigned),
        ],
        rows=rows,
    )
    return xlsx_response(request, report_slug=APPRAISAL_SLUG, sheet=sheet, level=Level.INTERNAL)


def _one_decimal(value):
    return round(value, 1) if value is not None else None


@login_required
@require_POST
def awareness_assign(request):
    """This month's awareness activity for all classified staff, or one department's."""
    require(request.user.has_perm("training.add_assignment"))
    form = AwarenessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a department from the list."))
        return redirect("training:overview")
    result = sweeps.assign_awareness(actor=request.user, department=form.cleaned_data["department"])
    messages.success(
        request,
        _("Awareness activity: %(assigned)s assigned now, %(already)s already had it.") % result,
    )
    return redirect("training:overview")
