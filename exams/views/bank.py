"""The question bank's pages: the list (searchable, filtered, in pages), a question with its
versions, the forms, and retiring a question after a confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import get_visible_or_404, require
from core.errors import DomainError
from core.pages import paginate
from core.params import query_form

from ..forms import QuestionFilterForm, QuestionForm
from ..services import bank as services

PER_PAGE = 50


@login_required
def question_list(request):
    require(request.user.has_perm("exams.view_question"))
    filters = QuestionFilterForm(request.GET)
    chosen = query_form(filters)
    rows = services.questions_filtered(
        services.visible_questions(request.user), **filters.filters()
    )
    page, query = paginate(request, rows, PER_PAGE)
    return render(
        request,
        "exams/bank_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "chosen": chosen,
            "topics": services.bank_topics(),
            "can_add": request.user.has_perm("exams.add_question"),
            "can_import": request.user.has_perm("exams.add_question")
            and request.user.has_perm("exams.change_question"),
        },
    )


@login_required
def question_detail(request, pk):
    question = get_visible_or_404(services.visible_questions(request.user), pk=pk)
    versions = question.versions.select_related("created_by").order_by("-version")
    return render(
        request,
        "exams/bank_detail.html",
        {
            "question": question,
            "versions": versions,
            "can_change": request.user.has_perm("exams.change_question"),
        },
    )


def _form_page(request, form, question=None):
    return render(
        request,
        "exams/bank_form.html",
        {"form": form, "question": question, "topics": services.bank_topics()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request):
    require(request.user.has_perm("exams.add_question"))
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                number=form.cleaned_data["number"],
                **form.content(),
            )
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(request, _("Question %(number)s saved.") % {"number": question})
            return redirect("exams:question_detail", pk=question.pk)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = get_visible_or_404(services.visible_questions(request.user), pk=pk)
    require(request.user.has_perm("exams.change_question"))
    form = QuestionForm(
        request.POST or None, question=question, initial=QuestionForm.initial_of(question)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_edit(actor=request.user, question=question, **form.content())
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(request, _("Question %(number)s saved.") % {"number": question})
            return redirect("exams:question_detail", pk=question.pk)
    return _form_page(request, form, question)


@login_required
@require_http_methods(["GET", "POST"])
def question_active(request, pk):
    """GET: the confirmation; POST: retire the question from new papers, or bring it back."""
    question = get_visible_or_404(services.visible_questions(request.user), pk=pk)
    require(request.user.has_perm("exams.change_question"))
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        try:
            services.question_set_active(actor=request.user, question=question, active=active)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The question is in use again.")
                if active
                else _("The question is no longer drawn for new papers."),
            )
        return redirect("exams:question_detail", pk=question.pk)
    return render(request, "exams/bank_confirm.html", {"question": question})
