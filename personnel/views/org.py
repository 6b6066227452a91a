"""Departments and posts: HR's (and the system administrator's) pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import get_visible_or_404, require

from ..forms import DepartmentHeadForm
from ..models import Department
from ..services import org as services
from . import form_run


@login_required
def department_list(request):
    require(request.user.has_perm("personnel.view_department"))
    departments = Department.objects.select_related("head").order_by("code")
    return render(
        request,
        "personnel/department_list.html",
        {
            "departments": departments,
            "can_change": request.user.has_perm("personnel.change_department"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def department_head_edit(request, pk):
    require(request.user.has_perm("personnel.view_department"))
    department = get_visible_or_404(Department.objects.all(), pk=pk)
    require(request.user.has_perm("personnel.change_department"))
    form = DepartmentHeadForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        head = form.cleaned_data["head"]
        if form_run(request, form, services.department_set_head, department=department, head=head):
            messages.success(request, _("Head of %(dept)s updated.") % {"dept": department.name})
            return redirect("personnel:department_list")
    return render(
        request, "personnel/department_head_form.html", {"form": form, "department": department}
    )
