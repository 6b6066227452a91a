"""Missing-item pages (A6): the clerk reports an item missing and closes the report when
it is found again."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404, require
from core.feedback import run_form, run_with_message

from ..forms import MissingForm
from ..selectors import visible_items, visible_missing_reports
from ..services import missing


@login_required
@require_POST
def item_missing(request, pk):
    item = get_visible_or_404(visible_items(request.user), pk=pk)
    require(request.user.has_perm("archives.add_missingreport"))
    run_form(
        request,
        MissingForm(request.POST),
        lambda **data: missing.missing_report(actor=request.user, item=item, **data),
        _("Reported missing. The security office has been told."),
    )
    return redirect("archives:item_detail", pk=pk)


@login_required
@require_POST
def missing_found(request, pk):
    report = get_visible_or_404(visible_missing_reports(request.user), pk=pk)
    require(request.user.has_perm("archives.change_missingreport"))
    run_with_message(
        request,
        lambda: missing.missing_found(actor=request.user, report=report),
        _("Found again: the report is closed."),
    )
    return redirect("archives:item_detail", pk=report.item_id)
