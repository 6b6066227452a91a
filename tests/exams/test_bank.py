"""The question bank: each type created and checked, edits as new versions (a drawn paper
keeps its wording), retiring a question, and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from exams.models import (
    Exam,
    Paper,
    PaperQuestion,
    Question,
    QuestionType,
    QuestionVersion,
    Seat,
)
from exams.services import bank
from personnel.models import Employee
from training.models import TrainingKind

pytestmark = pytest.mark.django_db

OPTIONS = ["保密期限", "知悉范围", "密级标志", "定密责任人"]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def user(name):
    return get_user_model().objects.get(username=name)


def question_add(kind=QuestionType.SINGLE, answer="B", options=None, topic="保密法规", **extra):
    return bank.question_create(
        actor=user("hr"),
        kind=kind,
        topic=topic,
        difficulty=extra.pop("difficulty", 2),
        text=extra.pop("text", "以下哪一项是国家秘密的要素？"),
        options=OPTIONS if options is None else options,
        answer=answer,
        explanation=extra.pop("explanation", "依据《保密法》。"),
        **extra,
    )


def test_each_type_is_created_with_its_first_version_and_a_number(demo):
    single = question_add(QuestionType.SINGLE, " b ")
    multiple = question_add(QuestionType.MULTIPLE, "d, a、c")
    true_false = question_add(QuestionType.TRUE_FALSE, "对", options=[])
    numbered = question_add(QuestionType.TRUE_FALSE, "错", options=[], number="BM-7")
    assert [single.number, multiple.number, true_false.number] == ["Q00001", "Q00002", "Q00003"]
    assert numbered.number == "BM-7"
    assert question_add().number == "Q00004"
    answers = [q.current.answer for q in (single, multiple, true_false, numbered)]
    assert answers == ["B", "ACD", "T", "F"]
    for question in (single, multiple, true_false):
        question.refresh_from_db()
        assert question.current.version == 1 and question.versions.count() == 1
        assert question.current.created_by.username == "hr"
        assert question.history.first().history_user.username == "hr"
    assert true_false.current.options == [] and single.current.options == OPTIONS


@pytest.mark.parametrize(
    ("kind", "options", "answer", "field"),
    [
        (QuestionType.SINGLE, OPTIONS, "AB", "answer"),  # two right options
        (QuestionType.SINGLE, OPTIONS, "E", "answer"),  # no option E
        (QuestionType.SINGLE, OPTIONS, "", "answer"),
        (QuestionType.SINGLE, ["只有一个"], "A", "options"),
        (QuestionType.SINGLE, [f"选项{n}" for n in range(9)], "A", "options"),
        (QuestionType.SINGLE, ["甲", "", "丙"], "A", "options"),  # a gap
        (QuestionType.MULTIPLE, OPTIONS, "C", "answer"),  # one letter only
        (QuestionType.TRUE_FALSE, ["对", "错"], "T", "options"),
        (QuestionType.TRUE_FALSE, [], "也许", "answer"),
    ],
)
def test_a_wrong_question_is_refused_on_its_field(demo, kind, options, answer, field):
    with pytest.raises(ValidationError) as refused:
        question_add(kind, answer, options=options)
    assert field in refused.value.message_dict
    assert not Question.objects.exists()


def test_a_question_needs_its_text_and_a_free_number(demo):
    with pytest.raises(ValidationError) as refused:
        question_add(text="  ")
    assert "text" in refused.value.message_dict
    question_add(number="X1")
    with pytest.raises(ValidationError) as refused:
        question_add(number="X1")
    assert "number" in refused.value.message_dict


def drawn_paper(version: QuestionVersion) -> PaperQuestion:
    """A paper already drawn with this version (built with the ORM, as the draw would)."""
    now = timezone.now()
    hr = user("hr")
    exam = Exam(
        title="保密知识测试",
        kind=TrainingKind.AWARENESS,
        single_count=1,
        time_limit_minutes=30,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
        pass_mark=Decimal("1"),
        status=Exam.Status.PUBLISHED,
        created_by=hr,
    )
    exam.save()
    seat = Seat.objects.create(exam=exam, employee=Employee.objects.get(user__username="emp_rd"))
    paper = Paper.objects.create(seat=seat, started_at=now, deadline=exam.closes_at)
    return PaperQuestion.objects.create(
        paper=paper, position=1, version=version, kind=QuestionType.SINGLE, points=1
    )


def test_an_edit_adds_a_version_and_a_drawn_paper_keeps_the_old_wording(demo):
    question = question_add()
    first = question.current
    on_paper = drawn_paper(first)
    bank.question_edit(
        actor=user("hr"),
        question=question,
        topic="定密管理",
        difficulty=3,
        text="以下哪一项不是国家秘密的要素？",
        options=[*OPTIONS, "公开发布"],
        answer="E",
        explanation="新解析。",
    )
    question.refresh_from_db()
    assert question.current.version == 2 and question.current.text.startswith("以下哪一项不是")
    assert (question.topic, question.difficulty) == ("定密管理", 3)
    on_paper.refresh_from_db()
    assert on_paper.version_id == first.pk
    assert on_paper.version.text == "以下哪一项是国家秘密的要素？"
    assert on_paper.version.answer == "B" and on_paper.version.options == OPTIONS
    first.refresh_from_db()
    assert first.history.count() == 1  # never changed after it was written


def test_an_edit_of_topic_only_adds_no_version(demo):
    question = question_add()
    current = question.current
    bank.question_edit(
        actor=user("hr"),
        question=question,
        topic="新知识点",
        difficulty=1,
        text=current.text,
        options=current.options,
        answer=current.answer,
        explanation=current.explanation,
    )
    question.refresh_from_db()
    assert question.versions.count() == 1 and question.topic == "新知识点"


def test_a_retired_question_leaves_the_bank_and_can_come_back(demo, login):
    question = question_add()
    client = login("hr")
    url = reverse("exams:question_active", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200 and "不再" in page.content.decode()
    assert Question.objects.get(pk=question.pk).active  # the confirmation changes nothing
    client.post(url, {"active": "0"})
    question.refresh_from_db()
    assert not question.active
    assert question.history.first().history_user.username == "hr"
    listed = client.get(reverse("exams:question_list"), {"active": "1"})
    assert question not in listed.context["page"].object_list
    client.post(url, {"active": "1"})
    question.refresh_from_db()
    assert question.active


def test_hr_creates_and_edits_through_the_forms(demo, login):
    client = login("hr")
    data = {
        "number": "",
        "kind": QuestionType.MULTIPLE,
        "topic": "保密法规",
        "difficulty": "2",
        "text": "涉密人员应当遵守哪些规定？",
        "option_a": "不在私人交往中涉及国家秘密",
        "option_b": "不得擅自出境",
        "option_c": "可以在网上讨论工作",
        "answer": "A",  # a multiple-choice question with one right option
        "explanation": "",
    }
    page = client.post(reverse("exams:question_create"), data)
    assert page.status_code == 200 and not Question.objects.exists()
    assert "两个或更多" in page.content.decode()
    assert page.context["form"]["option_c"].value() == "可以在网上讨论工作"  # nothing lost
    response = client.post(reverse("exams:question_create"), {**data, "answer": "AB"})
    question = Question.objects.get()
    assert response.url == reverse("exams:question_detail", args=[question.pk])
    edit = reverse("exams:question_edit", args=[question.pk])
    assert client.get(edit).context["form"]["answer"].value() == "AB"
    client.post(edit, {**data, "kind": QuestionType.SINGLE, "answer": "ABC", "option_d": "X"})
    question.refresh_from_db()
    assert question.kind == QuestionType.MULTIPLE  # the type is fixed
    assert question.current.version == 2 and question.current.answer == "ABC"
    detail = client.get(reverse("exams:question_detail", args=[question.pk]))
    assert "版本 1" in detail.content.decode() and "版本 2" in detail.content.decode()


def test_the_list_searches_and_filters(demo, login):
    first = question_add(text="关于涉密载体的题目", topic="载体管理")
    question_add(QuestionType.TRUE_FALSE, "对", options=[], text="判断题一")
    client = login("hr")
    rows = lambda **q: list(client.get(reverse("exams:question_list"), q).context["page"])  # noqa: E731
    assert rows(q="涉密载体") == [first]
    assert rows(q=first.number) == [first]
    assert rows(topic="载体管理") == [first]
    assert [q.kind for q in rows(kind=QuestionType.TRUE_FALSE)] == [QuestionType.TRUE_FALSE]
    assert rows(difficulty="3") == []
    assert client.get(reverse("exams:question_list"), {"kind": "nonsense"}).status_code == 400


def test_an_employee_has_no_bank(demo, login):
    question = question_add()
    with pytest.raises(PermissionDenied):
        bank.question_create(
            actor=user("emp_rd"),
            kind=QuestionType.TRUE_FALSE,
            topic="t",
            difficulty=1,
            text="x",
            answer="T",
        )
    with pytest.raises(PermissionDenied):
        bank.question_set_active(actor=user("auditor"), question=question, active=False)
    client = login("emp_rd")
    assert client.get(reverse("exams:question_list")).status_code == 403
    assert client.get(reverse("exams:question_create")).status_code == 403
    for name in ("question_detail", "question_edit", "question_active"):
        assert client.get(reverse(f"exams:{name}", args=[question.pk])).status_code == 404
    auditor = login("auditor")
    assert auditor.get(reverse("exams:question_detail", args=[question.pk])).status_code == 200
    assert auditor.get(reverse("exams:question_edit", args=[question.pk])).status_code == 403


def test_the_list_costs_the_same_queries_for_few_or_many(demo, login):
    client = login("hr")
    question_add()
    client.get(reverse("exams:question_list"))  # what a first page caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("exams:question_list"))
    for n in range(12):
        question_add(QuestionType.TRUE_FALSE, "错", options=[], text=f"判断{n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("exams:question_list"))
    assert len(page.context["page"]) == 13 and len(many) == len(few)
