import dataclasses
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.pages import paginate
from core.params import LARGEST_ID, posted_ids, query_form
from core.uploads import attachment_response
from personnel.selectors import employees_filtered, visible_employees
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from . import services, sweeps
from .forms import MonthForm, PlanForm, SessionForm, SessionSheet
from .models import Assignment, SessionMaterial
from .reports import COMPLIANCE, compliance_context, compliance_document
from .selectors import (
    compliance,
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
    return render(
        request,
        "training/overview.html",
        {
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
    rows = Assignment.objects.filter(
        Q(session=session) | Q(pk__in=waiting), employee__in=visible_employees(user).values("pk")
    )
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
            "attended": session.assignments.filter(
                employee__in=visible_employees(request.user).values("pk")
            ).count(),
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
        ],
        rows=[*rows, dataclasses.replace(total, department=_("Total"))],
    )
    return xlsx_response(request, report_slug=COMPLIANCE.slug, sheet=sheet, level=Level.INTERNAL)


def _percent(value) -> str | None:
    return f"{value}%" if value is not None else None
