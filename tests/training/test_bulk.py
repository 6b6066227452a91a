"""Training in bulk (issue 17): HR ticks the people to assign the pre-post training; a
session's attendance and scores go in from one table, one submission, one transaction, with
each wrong row shown again as typed and nothing saved."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personnel.models import Department, DossierEntry, Employee, Position
from personnel.services.people import employee_create
from training import services, sweeps
from training.models import Assignment, TrainingKind

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 11, 1)
NOVEMBER = datetime.datetime(2026, 11, 16, 2, 0, tzinfo=datetime.UTC)


def user(name):
    return get_user_model().objects.get(username=name)


def hire(count, *, name="新人", position=None, status=None):
    rd = Department.objects.get(code="RD")
    return [
        employee_create(
            actor=user("hr"),
            employee_no=f"R9{i:03d}",
            name=f"{name}{i:02d}",
            department=rd,
            position=position,
            status=status,
            hire_date=datetime.date(2026, 11, 2),
        )
        for i in range(count)
    ]


@pytest.fixture
def newcomers(demo):
    """Three new starters in a secret post of 研发部, awaiting it until they pass."""
    post = Position.objects.get(department__code="RD", title="研发工程师")
    people = hire(3, position=post)
    assert {p.status for p in people} == {Employee.Status.AWAITING_POST}
    return people


def pre_post(employees) -> set[str]:
    return set(
        Assignment.objects.filter(kind=TrainingKind.PRE_POST, employee__in=employees).values_list(
            "employee__employee_no", flat=True
        )
    )


# --- Pre-post training for the people ticked --------------------------------------------


def test_hr_assigns_the_pre_post_training_to_the_ticked_people(newcomers, login):
    client = login("hr")
    a, b, c = newcomers
    with time_machine.travel(NOVEMBER):
        page = client.get(reverse("training:pre_post_list")).content.decode()
        for person in newcomers:
            assert f'name="employee" value="{person.pk}"' in page
        response = client.post(reverse("training:pre_post_assign"), {"employee": [a.pk, b.pk]})
        assert response.status_code == 302
        assert pre_post(newcomers) == {a.employee_no, b.employee_no}
        again = client.post(
            reverse("training:pre_post_assign"), {"employee": [a.pk, b.pk, c.pk]}, follow=True
        )
        assert "本次分派 1 人，2 人此前已分派" in again.content.decode()
        page = client.get(reverse("training:pre_post_list")).content.decode()
    assert pre_post(newcomers) == {p.employee_no for p in newcomers}
    assigned = Assignment.objects.filter(kind=TrainingKind.PRE_POST, employee__in=newcomers)
    assert set(assigned.values_list("month", flat=True)) == {MONTH}
    assert {h.history_user.username for h in Assignment.history.filter(history_type="+")} == {"hr"}
    # Who has it this month can no longer be ticked.
    assert re.search(rf'value="{a.pk}"[^>]*disabled', page)


@pytest.mark.parametrize("username", ["head_rd", "auditor", "emp_rd", "security"])
def test_only_who_assigns_training_sees_the_list_or_assigns(newcomers, login, username):
    client = login(username)
    assert client.get(reverse("training:pre_post_list")).status_code == 403
    response = client.post(reverse("training:pre_post_assign"), {"employee": newcomers[0].pk})
    assert response.status_code == 403
    assert pre_post(newcomers) == set()


def test_a_person_not_waiting_for_it_refuses_the_whole_action(newcomers, login):
    trained = Employee.objects.get(employee_no="C0005")  # 客服助理: no secret post
    response = login("hr").post(
        reverse("training:pre_post_assign"), {"employee": [newcomers[0].pk, trained.pk]}
    )
    assert response.status_code == 404
    assert not Assignment.objects.filter(kind=TrainingKind.PRE_POST).exists()


def test_the_pre_post_list_is_paged_and_searchable(demo, login):
    post = Position.objects.get(department__code="RD", title="研发工程师")
    hire(60, position=post)
    client = login("hr")
    first = client.get(reverse("training:pre_post_list")).content.decode()
    assert first.count('name="employee" value=') == 50
    found = client.get(reverse("training:pre_post_list"), {"q": "新人0"}).content.decode()
    assert found.count('name="employee" value=') == 10


# --- A session's attendance and scores from one table ------------------------------------


@pytest.fixture
def november(demo):
    """November's education assigned to the 23 classified staff, and a session held."""
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    return services.session_record(
        actor=user("hr"),
        kind=TrainingKind.MONTHLY,
        topic="保密教育",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
    )


def ids(*numbers) -> list[int]:
    rows = Assignment.objects.filter(kind=TrainingKind.MONTHLY, month=MONTH)
    found = dict(rows.values_list("employee__employee_no", "pk"))
    return [found[no] for no in numbers]


def sheet_url(session):
    return reverse("training:session_results", args=[session.pk])


def table(session, *, attended=(), scores=None, rows=None):
    """The table's submission: every row of the page, the ticks and the scores typed."""
    rows = rows if rows is not None else ids("R0002", "R0003", "R0004", "R0005", "R0006")
    data = {"row": rows, "attended": list(attended)}
    data.update({f"score-{pk}": score for pk, score in (scores or {}).items()})
    return data


def status(*numbers) -> dict:
    rows = Assignment.objects.filter(pk__in=ids(*numbers))
    return {a.employee.employee_no: (a.status, a.score, a.session_id) for a in rows}


def test_one_submission_records_attendance_and_scores_for_the_table(november, login):
    client = login("hr")
    page = client.get(reverse("training:session_detail", args=[november.pk])).content.decode()
    assert page.count('name="row"') == 23
    r2, r3, r4, r5 = ids("R0002", "R0003", "R0004", "R0005")
    data = table(november, attended=[r2, r3, r4], scores={r2: "95", r3: "50", r5: "88"})
    response = client.post(sheet_url(november), data, follow=True)
    assert "已标记出勤 4 人，已记录成绩 3 条" in response.content.decode()
    s = november.pk
    assert status("R0002", "R0003", "R0004", "R0005", "R0006") == {
        "R0002": ("passed", 95, s),
        "R0003": ("failed", 50, s),
        "R0004": ("attended", None, s),
        "R0005": ("passed", 88, s),  # a score counts as attendance
        "R0006": ("assigned", None, None),
    }
    entries = DossierEntry.objects.filter(kind=DossierEntry.Kind.TRAINING)
    assert entries.count() == 4  # every attendee has their line, with or without a score
    # Sent again as shown (the scores filled in): nothing is recorded twice.
    again = table(november, scores={r2: "95", r3: "50", r5: "88", r4: "70"})
    response = client.post(sheet_url(november), again, follow=True)
    assert "已标记出勤 0 人，已记录成绩 1 条" in response.content.decode()
    assert entries.count() == 4  # R0004's score joins their line: one line per training
    assert entries.get(employee__employee_no="R0004").score == 70


def test_a_wrong_row_saves_nothing_and_comes_back_as_typed(november, login):
    r2, r3, r4 = ids("R0002", "R0003", "R0004")
    data = table(november, attended=[r2, r3, r4], scores={r2: "95", r3: "101", r4: "abc"})
    response = login("hr").post(sheet_url(november), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("成绩应为 0 到 100 之间的整数") == 2
    assert f'name="score-{r3}" value="101"' in html and f'name="score-{r4}" value="abc"' in html
    assert re.search(rf'name="attended" value="{r2}"[^>]*checked', html)
    assert f'name="score-{r2}" value="95"' in html
    assert not Assignment.objects.filter(session=november).exists()
    assert not DossierEntry.objects.filter(kind=DossierEntry.Kind.TRAINING).exists()


def test_a_row_that_is_not_the_sessions_is_refused_whole(november, login):
    other = services.session_record(
        actor=user("hr"),
        kind=TrainingKind.PRE_POST,
        topic="岗前培训",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
    )
    r2 = ids("R0002")[0]
    response = login("hr").post(sheet_url(other), table(other, attended=[r2], rows=[r2]))
    assert response.status_code == 302
    assert not Assignment.objects.filter(session__isnull=False).exists()


@pytest.mark.parametrize("username", ["auditor", "head_rd", "emp_rd", "security"])
def test_only_who_records_training_sends_the_table(november, login, username):
    r2 = ids("R0002")[0]
    response = login(username).post(
        sheet_url(november), table(november, attended=[r2], scores={r2: "90"})
    )
    assert response.status_code in (403, 404)
    assert not Assignment.objects.filter(session=november).exists()


def test_the_table_is_paged_in_a_constant_number_of_queries(november, login):
    client = login("hr")
    url = reverse("training:session_detail", args=[november.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    post = Position.objects.get(department__code="RD", title="测试工程师")
    hire(40, position=post, status=Employee.Status.ACTIVE)  # in post: due the education
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('name="row"') == 50
    assert len(many.captured_queries) == len(few.captured_queries)
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('name="row"') == 13
