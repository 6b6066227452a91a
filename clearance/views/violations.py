from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import require
from core.classification import Level
from core.errors import DomainError
from core.pages import paginate
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..forms import ViolationForm
from ..models import Violation
from ..reports import VIOLATIONS
from ..selectors import visible_violations
from ..services import violations


@login_required
def violation_list(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    visible = visible_violations(request.user)
    page, query = paginate(request, visible, 50)
    kinds = dict(Violation.Kind.choices)
    by_kind = (
        visible.filter(occurred_on__year=year)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return render(
        request,
        "clearance/violation_list.html",
        {
            "page": page,
            "query": query,
            "year": year,
            "stats": [(kinds[row["kind"]], row["n"]) for row in by_kind],
            "can_add": request.user.has_perm("clearance.add_violation"),
            "can_export": request.user.has_perm(VIOLATIONS.permission),
        },
    )


@login_required
def violation_list_xlsx(request):
    """The violation list as Excel: the rows the list shows."""
    export_allowed_or_404(request.user, VIOLATIONS.permission)
    sheet = Sheet(
        title=_("Violations"),
        columns=[
            (_("Date"), lambda v: v.occurred_on),
            (_("Employee"), lambda v: v.employee.name),
            (_("Department"), lambda v: v.employee.department.name),
            (_("Kind"), lambda v: v.get_kind_display()),
            (_("Facts"), lambda v: v.facts),
            (_("Proposed"), lambda v: v.get_proposed_measure_display()),
            (_("Measure"), lambda v: v.get_measure_display()),
            (_("Reason for another measure"), lambda v: v.override_reason),
        ],
        rows=visible_violations(request.user),
    )
    return xlsx_response(
        request, report_slug=VIOLATIONS.slug, sheet=sheet, level=Level.CONFIDENTIAL
    )


@login_required
@require_http_methods(["GET", "POST"])
def violation_create(request):
    require(request.user.has_perm("clearance.add_violation"))
    form = ViolationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["measure"] = data["measure"] or None
        try:
            violation = violations.violation_record(actor=request.user, **data)
        except DomainError as error:
            form.add_error("override_reason", error.message)
        else:
            messages.success(
                request, _("Recorded: %(measure)s.") % {"measure": violation.get_measure_display()}
            )
            return redirect("clearance:violation_list")
    return render(request, "clearance/violation_form.html", {"form": form})


@login_required
def violation_register_pdf(request):
    require(request.user.has_perm(VIOLATIONS.permission))
    rows = [
        (
            v.occurred_on,
            v.employee.name,
            v.employee.department.name,
            v.get_kind_display(),
            v.facts,
            v.get_proposed_measure_display(),
            v.get_measure_display(),
            v.override_reason,
        )
        for v in visible_violations(request.user).order_by("occurred_on", "pk")
    ]
    document = PdfDocument(
        title="违规及处理登记表",
        level=Level.CONFIDENTIAL,
        body_template="reports/violations.html",
        pages=paginate_rows(rows, 20),
        landscape=True,
    )
    return pdf_response(request, report_slug=VIOLATIONS.slug, document=document)
