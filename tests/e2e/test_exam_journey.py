"""An employee sits an exam in Chromium: 我的考试, start, answer (each answer saved as it is
given), reload (the answers are still there), hand in, and the score."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from exams.models import Paper, QuestionType
from tests.exams.conftest import bank_add, exam_add, seat_add
from training.models import Assignment

from .test_journeys import log_in

pytestmark = pytest.mark.e2e

SCREENSHOT = "/tmp/e2e-exam.png"
PAPER_SCREENSHOT = "/tmp/e2e-exam-paper.png"


def test_an_employee_sits_an_exam_reloads_and_hands_it_in(page: Page, site):
    page.on("dialog", lambda dialog: dialog.accept())  # "start?" and "hand in?" confirms
    bank_add(single=6, multiple=5, true_false=4, topic="保密常识", prefix="E")
    exam = exam_add(
        title="保密知识月考",
        topics=["保密常识"],
        single_count=3,
        multiple_count=2,
        true_false_count=2,
        pass_mark=Decimal(60),  # of 70
    )
    seat = seat_add(exam, "emp_rd")

    log_in(page, site, "emp_rd")
    page.locator("nav").get_by_role("link", name="我的考试").click()
    page.wait_for_url(f"{site}/exams/mine/")
    row = page.get_by_test_id("my-exams").locator("tr", has_text="保密知识月考")
    row.get_by_role("button", name="开始考试").click()
    page.wait_for_url(re.compile(rf"^{re.escape(site)}/exams/papers/\d+/$"))
    paper = Paper.objects.get(seat=seat)
    assert page.url == f"{site}/exams/papers/{paper.pk}/"
    expect(page.get_by_test_id("countdown")).to_have_text(re.compile(r"^00:(29|30):\d\d$"))
    forms = page.get_by_test_id("question")
    expect(forms).to_have_count(7)

    # Every answer right but the last true-or-false one; each shows "已保存" once kept.
    rows = list(paper.questions.select_related("version").order_by("position"))
    chosen = {}
    for q in rows:
        answer = q.version.answer
        if q is rows[-1]:
            answer = "F" if answer == "T" else "T"
        form = page.locator(f"form[data-position='{q.position}']")
        for letter in answer:
            form.locator(f"#q{q.position}{letter}").check()
            expect(form.get_by_test_id("answer-saved")).to_have_text("已保存")
        chosen[q.position] = answer
    page.wait_for_load_state("networkidle")  # the last saves have answered
    assert {q.position: q.given for q in paper.questions.all()} == chosen
    assert [q.kind for q in rows].count(QuestionType.MULTIPLE) == 2

    # A reload shows the saved answers and the same paper.
    page.reload()
    for position, answer in chosen.items():
        for letter in answer:
            expect(page.locator(f"#q{position}{letter}")).to_be_checked()
    assert Paper.objects.filter(seat=seat).count() == 1
    page.screenshot(path=PAPER_SCREENSHOT, full_page=True)

    page.get_by_test_id("submit-paper").click()
    page.wait_for_url(f"{site}/exams/papers/{paper.pk}/")
    expect(page.get_by_test_id("score")).to_have_text("60")
    expect(page.get_by_test_id("result")).to_have_text("合格")
    expect(page.get_by_test_id("answers-later")).to_be_visible()
    paper.refresh_from_db()
    assert (paper.status, paper.score, paper.passed) == (Paper.Status.SUBMITTED, 60, True)
    assignment = Assignment.objects.get(pk=seat.assignment_id)
    assert (assignment.status, assignment.score) == (Assignment.Status.PASSED, 86)  # 60 of 70
    page.screenshot(path=SCREENSHOT, full_page=True)
