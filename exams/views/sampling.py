"""The security office's sample for an exam: the form to draw it, the people drawn with their
results, and the result sheet as a marked PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.pages import paginate
from reports.exports import pdf_response
from reports.sheets import export_allowed_or_404

from ..forms import SampleForm
from ..models import Exam
from ..reports import SAMPLE, sample_document, sample_drawn, sample_seats, seat_results
from ..services import sampling as services
from .definition import visible_exams

PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def sample(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    can_draw = request.user.has_perm("exams.draw_sample")
    form = SampleForm(request.POST or None)
    if request.method == "POST":
        require(can_draw)
        if form.is_valid():
            try:
                seats = services.sample_draw(
                    actor=request.user,
                    exam=exam,
                    size=services.SampleSize(**form.size()),
                    department=form.cleaned_data["department"],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(n)s people drawn and told.") % {"n": len(seats)})
                return redirect("exams:sample", pk=exam.pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=exam, request=request)
    page, query = paginate(request, sample_seats(exam), PER_PAGE)
    return render(
        request,
        "exams/sample.html",
        {
            "exam": exam,
            "form": form,
            "page": page,
            "query": query,
            "results": seat_results(page.object_list),
            "draws": sample_drawn(exam),
            "can_draw": can_draw and exam.status == Exam.Status.PUBLISHED,
            "pool": services.classified_staff().count(),
        },
    )


@login_required
def sample_pdf(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    export_allowed_or_404(request.user, SAMPLE.permission)
    return pdf_response(request, report_slug=SAMPLE.slug, document=sample_document(exam))
