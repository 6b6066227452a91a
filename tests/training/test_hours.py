"""Study hours (学时): a session carries its hours and its attendees earn them; each person's
hours in a year stand against the yearly minimum on their page, the home page, the head's
view and the compliance report."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from audit.models import AccessLog
from config.home import employee_section
from training import services, sweeps
from training.models import Assignment, TrainingKind, TrainingSession
from training.selectors import compliance, hours_in_year, hours_standing

from .hours_data import person, seed_year, user

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2026, 11, 1)


@pytest.fixture
def year(demo):
    seed_year()


def test_attendance_earns_the_session_hours(demo):
    hr = user("hr")
    sweeps.assign_monthly(actor=hr, month=MONTH)
    session = services.session_record(
        actor=hr,
        kind=TrainingKind.MONTHLY,
        topic="保密法解读",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
        hours=Decimal("2.5"),
    )
    there = Assignment.objects.get(employee=person("R0002"), month=MONTH)
    away = Assignment.objects.get(employee=person("R0003"), month=MONTH)
    services.attendance_mark(actor=hr, session=session, assignment_ids=[there.pk])
    there.refresh_from_db()
    away.refresh_from_db()
    assert (there.status, there.hours) == (Assignment.Status.ATTENDED, Decimal("2.5"))
    assert away.hours == 0


def test_a_session_without_hours_given_carries_one(demo):
    session = services.session_record(
        actor=user("hr"),
        kind=TrainingKind.AWARENESS,
        topic="保密宣传月",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
    )
    assert session.hours == 1


def test_the_session_form_takes_the_hours_and_the_page_shows_them(demo, login):
    client = login("hr")
    data = {
        "kind": TrainingKind.MONTHLY,
        "topic": "保密法解读",
        "held_on": "2026-11-12",
        "trainer": "郑涛",
        "hours": "0",
    }
    refused = client.post(reverse("training:session_create"), data)
    assert refused.status_code == 200 and "学时须大于零" in refused.content.decode()
    assert 'value="保密法解读"' in refused.content.decode()  # nothing typed is lost
    assert not TrainingSession.objects.exists()
    response = client.post(reverse("training:session_create"), {**data, "hours": "1.5"})
    session = TrainingSession.objects.get()
    assert response.url == reverse("training:session_detail", args=[session.pk])
    assert session.hours == Decimal("1.5")
    page = client.get(response.url).content.decode()
    assert "1.5 学时" in page


def test_the_session_table_credits_the_hours(demo, login):
    hr = user("hr")
    sweeps.assign_monthly(actor=hr, month=MONTH)
    session = services.session_record(
        actor=hr,
        kind=TrainingKind.MONTHLY,
        topic="保密法解读",
        held_on=datetime.date(2026, 11, 12),
        trainer="郑涛",
        hours=Decimal("3"),
    )
    a = Assignment.objects.get(employee=person("R0002"), month=MONTH)
    response = login("hr").post(
        reverse("training:session_results", args=[session.pk]),
        {"row": [a.pk], "attended": [a.pk], f"score-{a.pk}": ""},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.hours) == (Assignment.Status.ATTENDED, Decimal("3"))


def test_hours_per_person_for_a_year_in_one_query(year, django_assert_num_queries):
    people = [person(no) for no in ("R0002", "R0003", "R0004", "R0005")]
    with django_assert_num_queries(1):
        hours = hours_in_year([p.pk for p in people], 2026)
    by_no = {p.employee_no: hours.get(p.pk, 0) for p in people}
    assert by_no == {
        "R0002": Decimal("4.5"),
        "R0003": Decimal("2.5"),
        "R0004": Decimal("1.5"),
        "R0005": 0,
    }
    assert hours_in_year([people[0].pk], 2025) == {people[0].pk: Decimal("1")}


def test_the_standing_against_the_minimum(year, settings):
    settings.TRAINING_MIN_HOURS_PER_YEAR = 4
    above, below = hours_standing(person("R0002"), 2026), hours_standing(person("R0003"), 2026)
    assert (above.hours, above.below, above.missing) == (Decimal("4.5"), False, 0)
    assert (below.hours, below.below, below.missing) == (Decimal("2.5"), True, Decimal("1.5"))


def test_a_person_sees_their_hours_and_trainings_on_their_page(year, login):
    me = person("R0002")
    client = login("emp_rd")
    url = reverse("training:person", args=[me.pk])
    response = client.get(url, {"year": 2026})
    page = response.content.decode()
    assert "2026 年学时：4.5，年度最低 8" in page and "尚差 3.5 学时" in page
    assert len(response.context["page"].object_list) == 3  # the three months of education
    assert AccessLog.objects.filter(
        username="emp_rd", action=AccessLog.Action.VIEW, target_id=str(me.pk)
    ).exists()
    assert client.get(reverse("training:person", args=[person("R0003").pk])).status_code == 404
    overview = client.get(reverse("training:overview")).content.decode()
    assert url in overview


@pytest.mark.parametrize(
    "username, status", [("head_rd", 200), ("hr", 200), ("head_cs", 404), ("emp_cs", 404)]
)
def test_who_opens_a_persons_training_page(year, login, username, status):
    url = reverse("training:person", args=[person("R0003").pk])
    assert login(username).get(url).status_code == status


def test_the_home_page_tells_the_hours_this_year(year):
    items = {item.key: item for item in employee_section(user("emp_rd"), MONTH).items}
    assert items["trainings"].hint == "2026 年学时：4.5，年度最低 8"


def test_the_head_sees_their_peoples_hours_against_the_minimum(year, login):
    page = login("head_rd").get(reverse("training:appraisal"), {"year": 2026})
    rows = {e.employee_no: e for e in page.context["page"]}
    assert {e.department.name for e in rows.values()} == {"研发部"}
    assert rows["R0002"].year_hours == Decimal("4.5") and rows["R0005"].year_hours == 0
    below = login("head_rd").get(reverse("training:appraisal"), {"year": 2026, "below": "1"})
    assert "R0002" in {e.employee_no for e in below.context["page"]}  # 4.5 < 8
    html = below.content.decode()
    assert f'data-row="{person("R0002").pk}" class="table-warning"' in html


def test_the_compliance_report_carries_the_hours(year, settings, login):
    settings.TRAINING_MIN_HOURS_PER_YEAR = 4
    rows, total = compliance(Assignment.objects.all(), MONTH)
    rd = next(row for row in rows if row.department == "研发部")
    # 研发部: 7 people, 4.5 + 2.5 + 1.5 hours this year up to November.
    assert (rd.hours, rd.below) == (Decimal("1.2"), 6)  # 8.5 / 7 = 1.21
    assert (total.hours, total.below) == (Decimal("0.4"), 22)  # 8.5 / 23 = 0.37
    page = login("hr").get(reverse("training:compliance"), {"month": "2026-11"}).content.decode()
    assert 'data-testid="total-hours">0.4<' in page and 'data-testid="total-below">22<' in page


def test_the_compliance_pdf_and_sheet_carry_the_hours(year, login, tmp_path):
    import shutil
    import subprocess

    from django.utils import translation

    from tests.reports.xlsx import column, read_sheet

    client = login("auditor")
    response = client.get(reverse("training:compliance_pdf"), {"month": "2026-11"})
    path = tmp_path / "compliance.pdf"
    path.write_bytes(response.content)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "本年学时（截至 2026-11）" in text
    lines = [line.split() for line in text.splitlines() if "研发部" in line]
    assert ["研发部", "1.2", "7"] in lines  # minimum 8: nobody in 研发部 reaches it
    with translation.override("zh-hans"):
        sheet = read_sheet(client.get(reverse("training:compliance_xlsx"), {"month": "2026-11"}))
    departments = column(sheet, "部门")
    rd = departments.index("研发部")
    assert column(sheet, "本年人均学时")[rd] == 1.2
    assert column(sheet, "未达年度最低学时人数")[rd] == 7


def test_the_persons_own_page_tells_their_hours_this_year(year, login, settings):
    """The employee's page in personnel shows the hours training keeps (personnel.facts),
    linked to their training page, in red below the minimum."""
    settings.TRAINING_MIN_HOURS_PER_YEAR = 4
    client = login("hr")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)):
        above = client.get(reverse("personnel:employee_detail", args=[person("R0002").pk]))
        below = client.get(reverse("personnel:employee_detail", args=[person("R0003").pk]))
    training_page = reverse("training:person", args=[person("R0002").pk])
    assert "<th>2026 年学时</th>" in above.text
    assert f'<td data-testid="fact"><a href="{training_page}">4.5 / 4 学时</a>' in above.text
    assert '<td class="text-danger" data-testid="fact">' in below.text
    assert "2.5 / 4 学时" in below.text
