"""The dashboard: the one page that gathers facts from every app (config sits above them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from approvals.registry import kind_get
from approvals.selectors import steps_waiting_for
from audit.reports import reports_for
from personnel.selectors import classified_without_commitment, tier_counts, visible_employees


@login_required
def dashboard(request):
    visible = visible_employees(request.user)
    waiting = steps_waiting_for(request.user)[:10]
    return render(
        request,
        "dashboard.html",
        {
            "employee_total": visible.count(),
            "tier_counts": tier_counts(visible),
            "waiting": [
                (step, kind_get(step.chain.kind).subject_url(step.chain)) for step in waiting
            ],
            "missing_commitment": classified_without_commitment(visible)[:10],
            "reports": reports_for(request.user),
        },
    )
