"""HR's exam pages: the list, the form while a draft, publishing after a confirmation,
seating those assigned since, and an exam's page with its seats and their best results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..forms import ExamForm
from ..models import Exam, QuestionType
from ..reports import RESULTS, seat_results
from ..services import definition as services

PER_PAGE = 50
SEATS_PER_PAGE = 50


def visible_exams(user):
    """HR and the reviewers (view_exam) see every exam; for anyone else there is none."""
    if not user.is_active or not user.has_perm("exams.view_exam"):
        return Exam.objects.none()
    return Exam.objects.all()


@login_required
def exam_list(request):
    require(request.user.has_perm("exams.view_exam"))
    q = request.GET.get("q", "").strip()[:100]
    exams = visible_exams(request.user).annotate(seated=Count("seats")).order_by("-opens_at", "-id")
    if q:
        exams = exams.filter(Q(title__icontains=q))
    page, query = paginate(request, exams, PER_PAGE)
    return render(
        request,
        "exams/exam_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "can_add": request.user.has_perm("exams.add_exam"),
            "can_bank": request.user.has_perm("exams.view_question"),
        },
    )


def _form_page(request, form, exam=None):
    have = services.bank_counts([])
    return render(
        request,
        "exams/exam_form.html",
        {
            "form": form,
            "exam": exam,
            "bank": [(label, have[kind]) for kind, label in QuestionType.choices],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam_create(request):
    require(request.user.has_perm("exams.add_exam"))
    form = ExamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exam = services.exam_create(actor=request.user, **form.fields_for_service())
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(request, _("Exam saved as a draft; publish it when it is ready."))
            return redirect("exams:exam_detail", pk=exam.pk)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def exam_edit(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    require(request.user.has_perm("exams.change_exam"))
    if exam.status != Exam.Status.DRAFT:
        messages.error(request, _("Only a draft exam can be changed."))
        return redirect("exams:exam_detail", pk=exam.pk)
    form = ExamForm(request.POST or None, instance=exam)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_edit(actor=request.user, exam=exam, **form.fields_for_service())
        except ValidationError as error:
            form.show_errors(error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Exam saved."))
            return redirect("exams:exam_detail", pk=exam.pk)
    return _form_page(request, form, exam)


@login_required
def exam_detail(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=exam, request=request)
    q = request.GET.get("q", "").strip()[:50]
    seats = exam.seats.select_related("employee__department", "assignment")
    if q:
        seats = seats.filter(
            Q(employee__name__icontains=q) | Q(employee__employee_no__istartswith=q)
        )
    page, query = paginate(request, seats.order_by("employee__employee_no"), SEATS_PER_PAGE)
    can_change = request.user.has_perm("exams.change_exam")
    return render(
        request,
        "exams/exam_detail.html",
        {
            "exam": exam,
            "page": page,
            "query": query,
            "q": q,
            "results": seat_results(page.object_list),
            "seated": exam.seats.count(),
            "is_draft": exam.status == Exam.Status.DRAFT,
            "can_change": can_change,
            "can_sample": request.user.has_perm("exams.draw_sample"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam_publish(request, pk):
    """GET: the confirmation; POST: publish and seat the people assigned."""
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    require(request.user.has_perm("exams.change_exam"))
    if request.method == "POST":
        try:
            seated = services.exam_publish(actor=request.user, exam=exam)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Exam published; %(n)s people seated.") % {"n": seated})
        return redirect("exams:exam_detail", pk=exam.pk)
    return render(
        request,
        "exams/exam_publish.html",
        {"exam": exam, "is_draft": exam.status == Exam.Status.DRAFT},
    )


@login_required
@require_POST
def exam_seat_newcomers(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    require(request.user.has_perm("exams.change_exam"))
    seated = run_with_message(
        request,
        lambda: services.exam_seat_newcomers(actor=request.user, exam=exam),
        _("Seats updated."),
    )
    if seated is not None:
        messages.info(request, _("%(n)s people seated now.") % {"n": seated})
    return redirect("exams:exam_detail", pk=exam.pk)


def _result_label(result) -> str:
    if result.passed is True:
        return _("Passed")
    if result.passed is False:
        return pgettext("exam result", "Not passed")
    return _("In progress") if result.best else _("Not sat")


@login_required
def exam_results_xlsx(request, pk):
    exam = get_visible_or_404(visible_exams(request.user), pk=pk)
    export_allowed_or_404(request.user, RESULTS.permission)
    seats = exam.seats.select_related("employee__department").order_by("employee__employee_no")
    sheet = Sheet(
        title=f"{_('Exam results')} {exam.title}",
        columns=[
            (_("Employee number"), lambda r: r.seat.employee.employee_no),
            (_("Full name"), lambda r: r.seat.employee.name),
            (_("Department"), lambda r: r.seat.employee.department.name),
            (pgettext("exam seat", "Sampled"), lambda r: r.seat.sampled),
            (pgettext("exam seat", "Attempts"), lambda r: r.attempts),
            (_("Score"), lambda r: r.score),
            (_("Result"), _result_label),
        ],
        rows=seat_results(seats),
    )
    return xlsx_response(request, report_slug=RESULTS.slug, sheet=sheet, level=Level.INTERNAL)
