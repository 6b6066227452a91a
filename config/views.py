"""The dashboard: the one page that gathers facts from every app (config sits above them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from approvals.selectors import inbox_entries, inbox_rows
from personnel.selectors import classified_without_commitment, tier_counts, visible_employees
from reports.registry import reports_for


@login_required
def dashboard(request):
    visible = visible_employees(request.user)
    return render(
        request,
        "dashboard.html",
        {
            "employee_total": visible.count(),
            "tier_counts": tier_counts(visible),
            "waiting": inbox_rows(inbox_entries(request.user)[:10]),
            "missing_commitment": classified_without_commitment(visible)[:10],
            "reports": reports_for(request.user),
        },
    )
