from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate

from ..forms import MajorEventForm
from ..selectors import visible_major_events
from ..services import major_events


@login_required
def report_list(request):
    page, query = paginate(request, visible_major_events(request.user), 50)
    return render(
        request,
        "clearance/major_event_list.html",
        {
            "page": page,
            "query": query,
            "can_review": request.user.has_perm("clearance.change_majoreventreport"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    form = MajorEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            major_events.major_event_report(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Reported to the security office."))
            return redirect("clearance:report_list")
    return render(request, "clearance/major_event_form.html", {"form": form})


@login_required
@require_POST
def report_review(request, pk):
    report = get_visible_or_404(visible_major_events(request.user), pk=pk)
    require(request.user.has_perm("clearance.change_majoreventreport"))
    run_with_message(
        request,
        lambda: major_events.major_event_review(
            actor=request.user, report=report, outcome=request.POST.get("outcome", "")[:2000]
        ),
        _("Review recorded."),
    )
    return redirect("clearance:report_list")
