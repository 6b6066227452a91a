from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.pages import labels, paginate, paginate_ids, row_link, table_rows
from core.uploads import attachment_response
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..facts import facts_of
from ..forms import (
    AgreementFilterForm,
    AgreementForm,
    AgreementScanForm,
    DossierEntryForm,
    EmployeeFilterForm,
    EmployeeForm,
)
from ..imports.employees import EMPLOYEES
from ..imports.sheet import may_import
from ..models import Agreement, Employee, Tier
from ..reports import ROSTER, roster_document
from ..selectors import (
    agreements_filtered,
    agreements_of,
    can_change_employee,
    decryption_period_leavers,
    dossier_of,
    employees_filtered,
    roster_employees,
    sight,
    visible_employee_or_404,
    visible_employees,
)
from ..services import people as services
from . import form_run as _run


def _employees_filtered(request):
    """The employees the list shows: the user's visible ones under the list's filters."""
    form = EmployeeFilterForm(request.GET or None)
    employees = visible_employees(request.user)
    if form.is_valid():
        employees = employees_filtered(employees, **form.cleaned_data)
    return form, employees


EMPLOYEE_FIELDS = (
    *("employee_no", "name", "department__name", "tier", "status", "hire_date"),
    *("position__title", "position__is_secret_post"),
)
EMPLOYEE_ROW = (
    '<tr><td>{number}</td><td><a href="{url}">{name}</a></td><td>{department}</td>'
    "<td>{post}{secret_post}</td>"
    '<td><span class="badge badge-tier-{tier}">{tier_label}</span></td>'
    "<td>{status}</td><td>{hired}</td></tr>"
)


@login_required
def employee_list(request):
    form, employees = _employees_filtered(request)
    page, query = paginate_ids(
        request, employees, settings.EMPLOYEES_PER_PAGE, fields=EMPLOYEE_FIELDS
    )
    return render(
        request,
        "personnel/employee_list.html",
        {
            "form": form,
            "page": page,
            "rows": _employee_rows(page.object_list),
            "query": query,
            "can_change": can_change_employee(request.user),
            "can_export": request.user.has_perm(ROSTER.permission),
            "can_import": may_import(request.user, EMPLOYEES),
        },
    )


def _employee_rows(employees):
    url = row_link("personnel:employee_detail")
    tiers, statuses = labels(Tier.choices), labels(Employee.Status.choices)
    secret = format_html(' <span class="badge text-bg-warning">{}</span>', _("secret post"))

    def cells(e):
        return {
            "number": e.employee_no,
            "url": url(e.pk),
            "name": e.name,
            "department": e.department_name,
            "post": e.position_title or "—",
            "secret_post": secret if e.position_is_secret_post else "",
            "tier": e.tier,
            "tier_label": tiers[e.tier],
            "status": statuses[e.status],
            "hired": e.hire_date.isoformat() if e.hire_date else "",
        }

    return table_rows(employees, EMPLOYEE_ROW, cells)


@login_required
def employee_list_xlsx(request):
    """The employee list as Excel: the rows the list shows under its filters, marked as the
    roster is (the tiers of classified staff)."""
    export_allowed_or_404(request.user, ROSTER.permission)
    _form, employees = _employees_filtered(request)
    sheet = Sheet(
        title=_("Employees"),
        columns=[
            (_("Employee No."), lambda e: e.employee_no),
            (_("Name"), lambda e: e.name),
            (_("Department"), lambda e: e.department.name),
            (_("Post"), lambda e: e.position.title if e.position else ""),
            (_("Tier"), lambda e: e.get_tier_display()),
            (_("Status"), lambda e: e.get_status_display()),
            (_("Hire date"), lambda e: e.hire_date),
        ],
        rows=employees,
    )
    return xlsx_response(request, report_slug="employees", sheet=sheet, level=Level.CONFIDENTIAL)


@login_required
def employee_detail(request, pk):
    employee = visible_employee_or_404(request.user, pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=employee, request=request)
    agreements = agreements_of(employee)  # the list and the pre-post conditions read them
    return render(
        request,
        "personnel/employee_detail.html",
        {
            "employee": employee,
            "agreements": agreements,
            "pre_post": employee.pre_post_conditions(agreements),
            "dossier": dossier_of(employee),
            "facts": facts_of(request.user, employee),
            "history": history_with_changes(recent_history(employee, 50)),
            "can_change": can_change_employee(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def employee_create(request):
    require(request.user.has_perm("personnel.add_employee"))
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        employee = _run(request, form, services.employee_create, **form.facts())
        if employee:
            messages.success(request, _("Employee %(name)s created.") % {"name": employee.name})
            return redirect("personnel:employee_detail", pk=employee.pk)
    return render(request, "personnel/employee_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit(request, pk):
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    require(can_change_employee(request.user))
    form = EmployeeForm(request.POST or None, instance=employee, record=employee)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        changes = form.facts(changed_only=True)
        if _run(
            request, form, services.employee_update, employee=employee, version=version, **changes
        ):
            messages.success(request, _("Changes saved."))
            return redirect("personnel:employee_detail", pk=employee.pk)
    return render(request, "personnel/employee_form.html", {"form": form, "employee": employee})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_add(request, pk):
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    require(request.user.has_perm("personnel.add_agreement"))
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, services.agreement_add, employee=employee, **form.cleaned_data):
            messages.success(request, _("Agreement recorded."))
            return redirect("personnel:employee_detail", pk=employee.pk)
    return render(
        request,
        "personnel/record_form.html",
        {"form": form, "employee": employee, "title": _("Record an agreement")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_add(request, pk):
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    require(request.user.has_perm("personnel.add_dossierentry"))
    form = DossierEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, form, services.dossier_entry_add, employee=employee, **form.cleaned_data):
            messages.success(request, _("Dossier entry added."))
            return redirect("personnel:employee_detail", pk=employee.pk)
    return render(
        request,
        "personnel/record_form.html",
        {"form": form, "employee": employee, "title": _("Add a dossier entry")},
    )


@login_required
def agreement_list(request, pk):
    """P5: one person's agreements with search and pages (the unit's register is a report)."""
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=employee, request=request)
    form = AgreementFilterForm(request.GET or None)
    agreements = employee.agreements.all()
    if form.is_valid():
        agreements = agreements_filtered(agreements, **form.cleaned_data)
    page, query = paginate(request, agreements, 20)
    return render(
        request,
        "personnel/agreement_list.html",
        {"employee": employee, "form": form, "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_scan_upload(request, pk):
    """The scan of an agreement signed without one (the departure checklist's among them)."""
    agreement = get_visible_or_404(
        Agreement.objects.filter(sight(request.user)).select_related("employee"),
        pk=pk,
    )
    require(request.user.has_perm("personnel.change_agreement"))
    form = AgreementScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            form,
            services.agreement_scan_attach,
            agreement=agreement,
            scan=form.cleaned_data["scan"],
        )
        if done:
            messages.success(request, _("The scan is on file."))
            return redirect("personnel:agreement_list", pk=agreement.employee_id)
    return render(
        request,
        "personnel/record_form.html",
        {
            "form": form,
            "employee": agreement.employee,
            "title": _("Add the scan of %(agreement)s") % {"agreement": agreement},
        },
    )


@login_required
def agreement_scan(request, pk):
    """Scans are private files: served only to who may see the employee, and logged (C5)."""
    agreement = get_visible_or_404(
        Agreement.objects.filter(sight(request.user)).exclude(scan=""),
        pk=pk,
    )
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=agreement, request=request
    )
    return attachment_response(agreement.scan)


@login_required
def roster_pdf(request):
    require(request.user.has_perm(ROSTER.permission))
    document = roster_document(
        roster_employees(request.user), decryption_period_leavers(request.user)
    )
    return pdf_response(request, report_slug=ROSTER.slug, document=document)
