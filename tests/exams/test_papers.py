"""Sitting an exam: a paper drawn per person, answers saved against the server's clock,
scoring, retakes written to the training assignment, results shown after the window closes,
and the same number of queries whatever the paper's length."""

import datetime
import threading
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from core.errors import DomainError
from exams import sweeps
from exams.models import Exam, Paper, PaperQuestion, QuestionType
from exams.services.papers import answer_save, paper_start, paper_submit
from personnel.models import DossierEntry
from training.models import Assignment

from .conftest import bank_add, exam_add, seat_add, user

pytestmark = pytest.mark.django_db


def start(seat, username="emp_rd") -> Paper:
    return paper_start(actor=user(username), seat=seat)


def questions(paper) -> list[PaperQuestion]:
    return list(paper.questions.select_related("version").order_by("position"))


def answer_all(paper, *, right=True, username="emp_rd") -> None:
    for q in questions(paper):
        given = q.version.answer if right else _wrong(q)
        answer_save(actor=user(username), paper=paper, position=q.position, given=given)


def _wrong(q) -> str:
    if q.kind == QuestionType.TRUE_FALSE:
        return "F" if q.version.answer == "T" else "T"
    return "D" if q.version.answer == "A" else "A"


def submit(paper, username="emp_rd") -> Paper:
    return paper_submit(actor=user(username), paper=paper)


# --- Drawing ------------------------------------------------------------------------------------


def test_a_paper_holds_the_exams_counts_per_type_and_no_question_twice(seat):
    paper = start(seat)
    rows = questions(paper)
    assert Counter(q.kind for q in rows) == {"single": 4, "multiple": 3, "true_false": 3}
    assert len({q.version_id for q in rows}) == len(rows) == 10
    assert [q.position for q in rows] == list(range(1, 11))
    # Grouped by type in their order, each question of the kind its version belongs to.
    assert [q.kind for q in rows] == ["single"] * 4 + ["multiple"] * 3 + ["true_false"] * 3
    assert all(q.version.question.kind == q.kind for q in rows)
    assert all(q.version.question.current_id == q.version_id for q in rows)
    assert {q.points for q in rows} == {Decimal(10)}
    assert paper.deadline == paper.started_at + datetime.timedelta(minutes=30)
    assert (paper.attempt, paper.status) == (1, Paper.Status.OPEN)
    assert PaperQuestion.history.filter(paper_id=paper.pk, history_type="+").count() == 10
    assert paper.history.get().history_user.username == "emp_rd"


def test_two_people_get_different_papers(exam):
    mine = start(seat_add(exam, "emp_rd"))
    theirs = start(seat_add(exam, "emp_cs"), "emp_cs")
    assert {q.version_id for q in questions(mine)} != {q.version_id for q in questions(theirs)}


def test_only_active_questions_of_the_exams_topics_are_drawn(demo):
    bank_add(single=5, topic="涉密载体", prefix="T")
    inactive = bank_add(single=3, topic="涉密载体", prefix="I")
    for q in inactive:
        q.active = False
        q.save()
    bank_add(single=10, topic="网络保密", prefix="N")
    exam = exam_add(
        topics=["涉密载体"], single_count=5, multiple_count=0, true_false_count=0, pass_mark=30
    )
    rows = questions(start(seat_add(exam, "emp_rd")))
    assert {q.version.question.number[0] for q in rows} == {"T"}


def test_a_bank_too_small_for_the_exam_is_refused_clearly(demo):
    bank_add(single=2, multiple=5, true_false=5)
    seat = seat_add(exam_add(), "emp_rd")
    with pytest.raises(DomainError, match="题库.*单选题仅有 2 道，需要 4 道"):
        start(seat)
    assert not Paper.objects.filter(seat=seat).exists()


def test_only_the_seats_own_employee_sits_it(seat):
    with pytest.raises(Http404):
        start(seat, "emp_cs")
    with pytest.raises(Http404):
        start(seat, "hr")
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": Exam.Status.DRAFT},
        {"opens_at_in": datetime.timedelta(hours=1)},
        {"closes_at_in": -datetime.timedelta(minutes=1)},
    ],
)
def test_an_exam_is_sat_only_published_and_open(bank, change):
    now = timezone.now()
    fields = {"status": change.get("status", Exam.Status.PUBLISHED)}
    if "opens_at_in" in change:
        fields |= {
            "opens_at": now + change["opens_at_in"],
            "closes_at": now + change["opens_at_in"] * 9,
        }
    if "closes_at_in" in change:
        fields |= {
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + change["closes_at_in"],
        }
    seat = seat_add(exam_add(**fields), "emp_rd")
    with pytest.raises(DomainError, match="未开放|不在"):
        start(seat)


def test_the_deadline_is_never_after_the_exam_closes(bank):
    closes = timezone.now() + datetime.timedelta(minutes=10)
    paper = start(seat_add(exam_add(closes_at=closes), "emp_rd"))
    assert paper.deadline == closes


def test_a_reload_resumes_the_same_paper_with_its_answers(seat, login):
    paper = start(seat)
    q = questions(paper)[4]  # a multiple choice
    assert start(seat).pk == paper.pk and Paper.objects.count() == 1
    client = login("emp_rd")
    saved = client.post(
        reverse("exams:answer_save", args=[paper.pk]), {"position": q.position, "given": ["C", "A"]}
    )
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    q.refresh_from_db()
    assert q.given == "AC"
    # Starting again from "my exams" leads back to the same paper; the page shows the answers.
    response = client.post(reverse("exams:seat_start", args=[seat.pk]))
    assert response.url == reverse("exams:paper", args=[paper.pk])
    page = client.get(response.url).content.decode()
    assert f'value="A" id="q{q.position}A" checked' in page
    assert f'value="C" id="q{q.position}C" checked' in page
    assert f'value="B" id="q{q.position}B">' in page


def test_answers_are_normalised_and_checked_against_the_question(seat):
    paper = start(seat)
    single, multiple, true_false = (questions(paper)[i] for i in (0, 4, 7))
    actor = user("emp_rd")
    assert answer_save(actor=actor, paper=paper, position=multiple.position, given="DBA").given == (
        "ABD"
    )
    assert (
        answer_save(actor=actor, paper=paper, position=true_false.position, given="t").given == "T"
    )
    assert answer_save(actor=actor, paper=paper, position=single.position, given="").given == ""
    for position, given in [
        (single.position, "AB"),
        (single.position, "E"),
        (true_false.position, "A"),
    ]:
        with pytest.raises(DomainError):
            answer_save(actor=actor, paper=paper, position=position, given=given)
    with pytest.raises(Http404):
        answer_save(actor=user("emp_cs"), paper=paper, position=single.position, given="A")


# --- The server's clock -----------------------------------------------------------------------


def test_an_answer_after_the_deadline_is_refused_and_the_paper_handed_in(seat, login):
    paper = start(seat)
    first, second = questions(paper)[:2]
    answer_save(
        actor=user("emp_rd"), paper=paper, position=first.position, given=first.version.answer
    )
    with time_machine.travel(paper.deadline + datetime.timedelta(seconds=1)):
        client = login("emp_rd")  # signed in now: a session idle past its limit would end
        with pytest.raises(DomainError, match="时间已到"):
            answer_save(actor=user("emp_rd"), paper=paper, position=second.position, given="A")
        late = client.post(
            reverse("exams:answer_save", args=[paper.pk]),
            {"position": second.position, "given": "A"},
        )
        assert "时间已到" in late.content.decode() and "已保存" not in late.content.decode()
        # The next look at the paper hands it in with the answers saved in time.
        page = client.get(reverse("exams:paper", args=[paper.pk]))
    paper.refresh_from_db()
    second.refresh_from_db()
    assert paper.status == Paper.Status.SUBMITTED and second.given == ""
    assert paper.score == Decimal(10) and paper.passed is False
    assert page.templates[0].name == "exams/paper_result.html"


def test_the_sweep_hands_in_papers_left_past_their_deadline(seat):
    paper = start(seat)
    assert sweeps.papers_overdue_submit(actor=user("hr")) == {"handed_in": 0}
    with time_machine.travel(paper.deadline + datetime.timedelta(minutes=1)):
        assert sweeps.papers_overdue_submit(actor=user("hr")) == {"handed_in": 1}
        assert sweeps.papers_overdue_submit(actor=user("hr")) == {"handed_in": 0}
    paper.refresh_from_db()
    assert paper.status == Paper.Status.SUBMITTED and paper.score == 0
    assignment = Assignment.objects.get(pk=seat.assignment_id)
    assert assignment.status == Assignment.Status.FAILED


def test_the_sweep_is_a_registered_scheduled_task():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    app.loader.import_default_modules()
    task = PeriodicTask.objects.get(name="exams.submit_overdue_papers")
    assert task.task in app.tasks and task.crontab.minute == "*/5"


# --- Scoring ----------------------------------------------------------------------------------


def _mixed_answers(paper) -> None:
    """Singles: 3 right, 1 wrong; true/false: 2 right, 1 wrong; multiples: one exact, one a
    strict part of the answer, one with a wrong letter."""
    rows = questions(paper)
    actor = user("emp_rd")
    singles, multiples, tfs = rows[:4], rows[4:7], rows[7:]
    for q in singles[:3] + tfs[:2]:
        answer_save(actor=actor, paper=paper, position=q.position, given=q.version.answer)
    for q in (singles[3], tfs[2]):
        answer_save(actor=actor, paper=paper, position=q.position, given=_wrong(q))
    exact, part, wrong = multiples
    answer_save(actor=actor, paper=paper, position=exact.position, given=exact.version.answer)
    answer_save(actor=actor, paper=paper, position=part.position, given=part.version.answer[:-1])
    outside = next(letter for letter in "ABCD" if letter not in wrong.version.answer)
    bad = wrong.version.answer[0] + outside  # one right letter and one wrong: no points
    answer_save(actor=actor, paper=paper, position=wrong.position, given=bad)


@pytest.mark.parametrize("all_or_nothing, expected", [(True, Decimal(60)), (False, Decimal(65))])
def test_scoring_exact_singles_and_true_false_and_multiples_by_the_setting(
    bank, all_or_nothing, expected
):
    exam = exam_add(multiple_all_or_nothing=all_or_nothing)
    seat = seat_add(exam, "emp_rd")
    paper = start(seat)
    _mixed_answers(paper)
    paper = submit(paper)
    earned = {q.position: q.earned for q in questions(paper)}
    assert [earned[p] for p in range(1, 5)] == [10, 10, 10, 0]
    assert [earned[p] for p in range(8, 11)] == [10, 10, 0]
    assert earned[5] == 10 and earned[7] == 0
    assert earned[6] == (Decimal(0) if all_or_nothing else Decimal(5))
    assert paper.score == expected and paper.passed is True  # pass mark 60
    assert paper.status == Paper.Status.SUBMITTED and paper.submitted_at is not None
    history = PaperQuestion.history.filter(
        paper_id=paper.pk, history_type="~", earned__isnull=False
    )
    assert sorted(history.values_list("position", "earned")) == sorted(earned.items())
    assert set(history.values_list("history_user__username", flat=True)) == {"emp_rd"}


def test_a_failed_first_attempt_then_a_passed_retake_passes_the_month(seat):
    assignment = Assignment.objects.get(pk=seat.assignment_id)
    first = start(seat)
    answer_all(first, right=False)
    first = submit(first)
    assert (first.score, first.passed) == (0, False)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.score) == (Assignment.Status.FAILED, 0)
    retake = start(seat)
    assert retake.attempt == 2 and retake.pk != first.pk
    answer_all(retake)
    retake = submit(retake)
    assert (retake.score, retake.passed) == (100, True)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.score) == (Assignment.Status.PASSED, 100)
    assert assignment.hours == Decimal("1.5")
    lines = DossierEntry.objects.filter(employee=seat.employee, kind=DossierEntry.Kind.TRAINING)
    assert lines.filter(title__contains=seat.exam.title).exists()


def test_the_percentage_written_to_the_assignment_is_of_the_full_marks(bank):
    exam = exam_add(single_points=Decimal(5), pass_mark=Decimal(20))  # full marks 80
    seat = seat_add(exam, "emp_rd")
    paper = start(seat)
    for q in questions(paper)[:4]:  # the four singles: 20 points
        answer_save(actor=user("emp_rd"), paper=paper, position=q.position, given=q.version.answer)
    assert submit(paper).score == 20
    assert Assignment.objects.get(pk=seat.assignment_id).score == 25  # 20 of 80


def test_no_attempt_after_the_retakes_allowed(seat):
    for _ in range(2):  # the first attempt and its one retake
        submit(start(seat))
    with pytest.raises(DomainError, match="次数"):
        start(seat)
    assert Paper.objects.filter(seat=seat).count() == 2


def test_a_passed_seat_cannot_sit_again(seat):
    paper = start(seat)
    answer_all(paper)
    submit(paper)
    with pytest.raises(DomainError, match="已通过"):
        start(seat)


def test_handing_in_twice_changes_nothing(seat):
    paper = start(seat)
    answer_all(paper)
    first = submit(paper)
    again = submit(paper)
    assert again.score == first.score and again.submitted_at == first.submitted_at
    assert Paper.history.filter(id=paper.pk).count() == 2  # drawn, handed in


def test_a_sampled_seat_without_assignment_is_scored_alone(bank):
    seat = seat_add(exam_add(), "emp_rd", assigned=False)
    paper = start(seat)
    answer_all(paper)
    assert submit(paper).passed is True


# --- Pages ------------------------------------------------------------------------------------


def test_another_persons_paper_is_not_found(seat, login):
    paper = start(seat)
    q = questions(paper)[0]
    for username in ("emp_cs", "hr", "auditor"):
        client = login(username)
        assert client.get(reverse("exams:paper", args=[paper.pk])).status_code == 404
        answer = client.post(
            reverse("exams:answer_save", args=[paper.pk]), {"position": q.position, "given": "A"}
        )
        assert answer.status_code == 404
        handed = client.post(reverse("exams:paper_submit", args=[paper.pk]))
        assert handed.status_code == 404
        assert client.post(reverse("exams:seat_start", args=[seat.pk])).status_code == 404
    paper.refresh_from_db()
    assert paper.status == Paper.Status.OPEN and PaperQuestion.objects.get(pk=q.pk).given == ""


def test_opening_a_paper_is_in_the_access_log(seat, login):
    paper = start(seat)
    login("emp_rd").get(reverse("exams:paper", args=[paper.pk]))
    entry = AccessLog.objects.filter(target_type="exams.paper", target_id=str(paper.pk)).get()
    assert entry.username == "emp_rd" and entry.action == AccessLog.Action.VIEW


def test_wrong_answers_and_explanations_only_after_the_window_closes(seat, login):
    paper = start(seat)
    answer_all(paper, right=False)
    client = login("emp_rd")
    client.post(reverse("exams:paper_submit", args=[paper.pk]))
    url = reverse("exams:paper", args=[paper.pk])
    explanation = questions(paper)[0].version.explanation
    before = client.get(url)
    text = before.content.decode()
    assert 'data-testid="score">0<' in text and 'data-testid="answers-later"' in text
    assert explanation not in text and 'data-testid="wrong-answer"' not in text
    assert 'data-testid="retake"' in text  # failed, one retake left, still open
    with time_machine.travel(seat.exam.closes_at + datetime.timedelta(minutes=1)):
        after = login("emp_rd").get(url).content.decode()
    assert explanation in after and after.count('data-testid="wrong-answer"') == 10
    assert 'data-testid="retake"' not in after


def test_my_exams_lists_the_seat_with_what_can_be_done(seat, login):
    client = login("emp_rd")
    page = client.get(reverse("exams:mine"))
    (row,) = page.context["rows"]
    assert row.can_start and not row.is_retake
    assert "开始考试" in page.content.decode()
    paper = start(seat)
    assert "继续答题" in client.get(reverse("exams:mine")).content.decode()
    submit(paper)
    (row,) = client.get(reverse("exams:mine")).context["rows"]
    assert row.can_start and row.is_retake and row.attempts == 1
    assert client.get(reverse("exams:mine"), {"q": "保密知识"}).context["rows"]
    assert client.get(reverse("exams:mine"), {"q": "无此考试"}).context["rows"] == []
    assert login("emp_cs").get(reverse("exams:mine")).context["rows"] == []


def test_the_home_page_counts_the_exams_to_sit(seat, login):
    from config.home import employee_section

    def count():
        return next(
            i
            for i in employee_section(user("emp_rd"), timezone.localdate()).items
            if i.key == "exams"
        ).count

    assert count() == 1
    paper = start(seat)
    assert count() == 1  # under way
    answer_all(paper)
    submit(paper)
    assert count() == 0  # passed
    response = login("emp_rd").get(reverse("dashboard"))
    assert response.status_code == 200 and reverse("exams:mine") in response.content.decode()


# --- Cost -------------------------------------------------------------------------------------


def _sized_exam(single, multiple, true_false) -> Exam:
    return exam_add(
        title=f"规模{single + multiple + true_false}",
        topics=["规模"],
        single_count=single,
        multiple_count=multiple,
        true_false_count=true_false,
        single_points=Decimal(1),
        multiple_points=Decimal(1),
        true_false_points=Decimal(1),
        pass_mark=Decimal(10),
    )


def _costs(exam, username, client) -> dict[str, int]:
    seat = seat_add(exam, username)
    costs = {}
    with CaptureQueriesContext(connection) as drawn:
        paper = start(seat, username)
    costs["draw"] = len(drawn)
    url = reverse("exams:paper", args=[paper.pk])
    client.get(url)  # the session's first look settles its own facts
    with CaptureQueriesContext(connection) as opened:
        assert client.get(url).status_code == 200
    costs["open"] = len(opened)
    with CaptureQueriesContext(connection) as saved:
        client.post(reverse("exams:answer_save", args=[paper.pk]), {"position": 1, "given": "A"})
    costs["answer"] = len(saved)
    answer_all(paper, username=username)
    with CaptureQueriesContext(connection) as handed_in:
        client.post(reverse("exams:paper_submit", args=[paper.pk]))
    costs["submit"] = len(handed_in)
    return costs


def test_drawing_opening_answering_and_handing_in_cost_the_same_queries_at_20_and_140(demo, login):
    bank_add(single=70, multiple=70, true_false=25, topic="规模", prefix="S")
    small = _costs(_sized_exam(9, 8, 3), "emp_rd", login("emp_rd"))
    large = _costs(_sized_exam(60, 60, 20), "emp_cs", login("emp_cs"))
    assert small == large, (small, large)
    assert large["open"] <= 12 and large["submit"] <= 30


# --- Two tabs ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_at_once_get_the_same_paper(require_services, demo):
    bank_add(single=30, multiple=30, true_false=20)
    seat = seat_add(exam_add(), "emp_rd")
    barrier = threading.Barrier(2)
    papers, errors = [], []

    def run():
        try:
            barrier.wait()
            papers.append(start(seat).pk)
        except Exception as error:  # a failure must show in the assertion, not vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(papers) == 2 and papers[0] == papers[1]
    assert Paper.objects.filter(seat=seat).count() == 1
    assert PaperQuestion.objects.filter(paper_id=papers[0]).count() == 10
