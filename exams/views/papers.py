"""Sitting an exam: "my exams", the paper (answers saved one by one with htmx), handing it
in, and the result. Every paper is its sitter's alone: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.errors import DomainError
from core.pages import paginate
from core.params import LARGEST_ID

from ..models import Paper, Seat
from ..selectors import (
    explanations_shown,
    my_seats,
    own_paper_or_404,
    paper_questions,
    seat_state,
    seat_states,
)
from ..services import papers as services

SEATS_PER_PAGE = 20


@login_required
def mine(request):
    q = request.GET.get("q", "").strip()[:50]
    page, query = paginate(request, my_seats(request.user, q), SEATS_PER_PAGE)
    return render(
        request,
        "exams/mine.html",
        {"page": page, "query": query, "q": q, "rows": seat_states(page.object_list)},
    )


@login_required
@require_POST
def seat_start(request, pk: int):
    """Start (or resume) the paper of one of the user's own seats."""
    seat = get_object_or_404(Seat, pk=pk, employee__user=request.user)
    try:
        paper = services.paper_start(actor=request.user, seat=seat)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("exams:mine")
    return redirect("exams:paper", pk=paper.pk)


@login_required
def paper(request, pk: int):
    """The paper while it is open; its result once handed in. A paper past its deadline is
    handed in here, with the answers saved in time."""
    paper = own_paper_or_404(request.user, pk)
    now = timezone.now()
    if paper.status == Paper.Status.OPEN and now > paper.deadline:
        paper = services.paper_expire(actor=request.user, paper=paper)
        messages.info(request, _("Time is up: the paper was handed in with the answers saved."))
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=paper, request=request)
    context = {"paper": paper, "exam": paper.seat.exam}
    if paper.status == Paper.Status.OPEN:
        save_url = reverse("exams:answer_save", args=[paper.pk])
        context |= {
            "questions": questions_html(paper_questions(paper), save_url),
            "seconds_left": max(0, int((paper.deadline - now).total_seconds())),
        }
        return render(request, "exams/paper.html", context)
    shown = explanations_shown(paper, now)
    groups = paper_questions(paper) if shown else []
    context |= {
        "explained": shown,
        "wrong": [row for _label, rows in groups for row in rows if row.wrong],
        "state": seat_state(paper.seat, now),
        "full_marks": paper.seat.exam.full_marks(),
    }
    return render(request, "exams/paper_result.html", context)


def questions_html(groups, save_url: str) -> SafeString:
    """The paper's questions as HTML, written here rather than in a template loop: a paper of
    140 questions and 500 choices renders in a fraction of the template engine's time. Every
    text from the bank is escaped. Each question is a form that htmx posts when it changes."""
    parts, url = [], escape(save_url)
    for label, rows in groups:
        parts.append(f'<h2 class="h5 mt-4">{escape(label)}</h2>')
        for row in rows:
            q, n = row.question, row.question.position
            text = escape(q.version.text).replace("\n", "<br>")
            parts.append(
                f'<form class="card mb-2" hx-post="{url}" hx-trigger="change" '
                f'hx-target="find .saved" data-testid="question" data-position="{n}">'
                f'<input type="hidden" name="position" value="{n}"><div class="card-body py-2">'
                f'<p class="mb-1"><strong>{n}.</strong> {text} '
                f'<span class="text-muted small">({_number(q.points)})</span></p>'
            )
            for letter, choice, ticked, _right in row.choices:
                checked = " checked" if ticked else ""
                parts.append(
                    f'<div class="form-check"><input class="form-check-input" '
                    f'type="{row.input_type}" name="given" value="{letter}" id="q{n}{letter}"'
                    f'{checked}><label class="form-check-label" for="q{n}{letter}">'
                    f"{escape(choice)}</label></div>"
                )
            parts.append('<small class="saved" aria-live="polite"></small></div></form>')
    # Safe: every text from the bank and the labels are escaped above.
    return mark_safe("".join(parts))  # nosec B308 B703


def _number(value) -> str:
    """10.00 as 10, 2.50 as 2.5."""
    return format(value.normalize(), "f")


def _position(value: str) -> int:
    if not (value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID):
        raise Http404
    return int(value)


@login_required
@require_POST
def answer_save(request, pk: int):
    """One answer, posted by htmx when it changes: a tiny fragment says whether it was kept."""
    paper = own_paper_or_404(request.user, pk)
    position = _position(request.POST.get("position", ""))
    given = "".join(request.POST.getlist("given"))
    try:
        services.answer_save(actor=request.user, paper=paper, position=position, given=given)
    except DomainError as error:
        return render(request, "exams/paper_saved.html", {"error": error.message})
    return render(request, "exams/paper_saved.html", {})


@login_required
@require_POST
def paper_submit(request, pk: int):
    paper = own_paper_or_404(request.user, pk)
    was_open = paper.status == Paper.Status.OPEN
    paper = services.paper_submit(actor=request.user, paper=paper)
    if was_open:
        messages.success(request, _("Paper handed in."))
    return redirect("exams:paper", pk=paper.pk)
