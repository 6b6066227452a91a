"""Departments and posts: HR's (and the system administrator's) pages. Without the right a
page is a 404, as for a record one may not see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.pages import paginate
from core.params import query_form

from ..forms import DepartmentForm, DepartmentHeadForm, OrgFilterForm, PositionForm
from ..imports.org import ORG
from ..imports.sheet import may_import
from ..models import Department, Position
from ..services import org as services
from . import form_run

PER_PAGE = 50


def _require_or_404(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise Http404


def _rights(user, model: str) -> dict:
    rights = {
        action: user.has_perm(f"personnel.{action}_{model}")
        for action in ("add", "change", "delete")
    }
    return {**rights, "import": may_import(user, ORG)}


@login_required
def department_list(request):
    _require_or_404(request.user, "personnel.view_department")
    q = query_form(OrgFilterForm(request.GET))["q"]
    departments = Department.objects.select_related("head").annotate(
        people=Count("employees", distinct=True), posts=Count("positions", distinct=True)
    )
    if q:
        departments = departments.filter(Q(name__icontains=q) | Q(code__icontains=q))
    page, query = paginate(request, departments.order_by("code"), PER_PAGE)
    return render(
        request,
        "personnel/department_list.html",
        {"page": page, "query": query, "q": q, "can": _rights(request.user, "department")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_create(request):
    _require_or_404(request.user, "personnel.add_department")
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = form_run(request, form, services.department_create, **form.facts())
        if department:
            messages.success(request, _("Department %(dept)s added.") % {"dept": department})
            return redirect("personnel:department_list")
    return render(request, "personnel/org_form.html", {"form": form, "kind": "department"})


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request, pk):
    _require_or_404(request.user, "personnel.change_department")
    department = get_object_or_404(Department.objects.select_related("head"), pk=pk)
    form = DepartmentForm(request.POST or None, instance=department, record=department)
    if request.method == "POST" and form.is_valid():
        changes = form.facts(changed_only=True)
        version = form.cleaned_data["version"]
        saved = form_run(
            request,
            form,
            services.department_update,
            department=department,
            version=version,
            **changes,
        )
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect("personnel:department_list")
    return render(
        request,
        "personnel/org_form.html",
        {"form": form, "kind": "department", "record": department},
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_head_edit(request, pk):
    _require_or_404(request.user, "personnel.change_department")
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentHeadForm(
        request.POST or None,
        user=request.user,
        picker_params={"department": department.pk},
        initial={"head": department.head_id},
    )
    if request.method == "POST" and form.is_valid():
        head = form.cleaned_data["head"]
        if form_run(request, form, services.department_set_head, department=department, head=head):
            messages.success(request, _("Head of %(dept)s updated.") % {"dept": department.name})
            return redirect("personnel:department_list")
    return render(
        request, "personnel/department_head_form.html", {"form": form, "department": department}
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_delete(request, pk):
    _require_or_404(request.user, "personnel.delete_department")
    department = get_object_or_404(Department, pk=pk)
    return _delete(
        request, services.department_delete, {"department": department}, "personnel:department_list"
    )


@login_required
def position_list(request):
    _require_or_404(request.user, "personnel.view_position")
    form = OrgFilterForm(request.GET)
    filters = query_form(form)
    positions = Position.objects.select_related("department").annotate(people=Count("employees"))
    positions = _positions_filtered(positions, **filters)
    page, query = paginate(request, positions.order_by("department__code", "title"), PER_PAGE)
    return render(
        request,
        "personnel/position_list.html",
        {"page": page, "query": query, "form": form, "can": _rights(request.user, "position")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request):
    _require_or_404(request.user, "personnel.add_position")
    form = PositionForm(request.POST or None, initial={"department": request.GET.get("department")})
    if request.method == "POST" and form.is_valid():
        position = form_run(request, form, services.position_create, **form.facts())
        if position:
            messages.success(request, _("Post %(post)s added.") % {"post": position})
            return redirect("personnel:position_list")
    return render(request, "personnel/org_form.html", {"form": form, "kind": "position"})


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request, pk):
    _require_or_404(request.user, "personnel.change_position")
    position = get_object_or_404(Position.objects.select_related("department"), pk=pk)
    form = PositionForm(request.POST or None, instance=position, record=position)
    if request.method == "POST" and form.is_valid():
        changes = form.facts(changed_only=True)
        version = form.cleaned_data["version"]
        saved = form_run(
            request, form, services.position_update, position=position, version=version, **changes
        )
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect("personnel:position_list")
    return render(
        request, "personnel/org_form.html", {"form": form, "kind": "position", "record": position}
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_delete(request, pk):
    _require_or_404(request.user, "personnel.delete_position")
    position = get_object_or_404(Position.objects.select_related("department"), pk=pk)
    return _delete(
        request, services.position_delete, {"position": position}, "personnel:position_list"
    )


def _delete(request, service, target: dict, list_url: str):
    """GET asks for confirmation; POST deletes, or says why not (people still there)."""
    (record,) = target.values()
    if request.method == "POST":
        label = str(record)
        try:
            service(actor=request.user, **target)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s deleted.") % {"name": label})
        return redirect(list_url)
    return render(
        request,
        "personnel/org_confirm_delete.html",
        {"record": record, "people": record.employees.count(), "list_url": list_url},
    )


def _positions_filtered(qs, *, q="", department=None, secret_post=""):
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(duties__icontains=q))
    if department:
        qs = qs.filter(department=department)
    if secret_post:
        qs = qs.filter(is_secret_post=secret_post == "yes")
    return qs
