"""The measures that read other apps' registers, on records reached through their services:
archive loans returned late or still out past their due date; departures and their
decryption periods."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from archives.services import loans
from assessment.measures import (
    assessments_passed,
    decryption_recorded,
    departures_complete,
    loans_returned,
    major_events,
    monthly_education,
    travel_approved,
    violations_handled,
)
from clearance.models import MajorEventReport, Violation
from clearance.services import incidents, travel, violations
from clearance.services import major_events as major_event_services
from core.classification import Level
from offboarding import services as offboarding
from offboarding.models import DecryptionPeriod
from personnel.models import Employee
from tests.archives.helpers import grant_all, make_item, user
from tests.clearance.test_travel import approved_trip
from tests.offboarding.conftest import CHAIN, decide, employee
from training import services as training
from training.models import Assignment, TrainingKind
from training.sweeps import assign_monthly

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _loan_out(item, due):
    loan = loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对", due_date=due)
    for name in ("head_rd", "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    return loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)


def test_loans_late_or_still_out_lose_points_and_link_to_the_loan(demo, login):
    grant_all()
    today = timezone.localdate()
    due = today + 2 * DAY
    on_time, late, still_out = (_loan_out(make_item(Level.CONFIDENTIAL), due) for _ in range(3))
    loans.loan_return(actor=user("archivist"), loan=on_time, borrower_signed=True)
    week = (today, today + 7 * DAY)
    assert loans_returned(*week) == []  # nothing is past its due date yet
    with time_machine.travel(timezone.now() + 4 * DAY, tick=False):
        loans.loan_return(actor=user("archivist"), loan=late, borrower_signed=True)
        short = loans_returned(*week)
        # A period that ends before the due date does not hold these loans.
        assert loans_returned(today - 7 * DAY, today) == []
    assert [shortfall.url for shortfall in short] == [
        reverse("archives:loan_detail", args=[late.pk]),
        reverse("archives:loan_detail", args=[still_out.pk]),
    ]
    assert all("黄磊" in shortfall.label for shortfall in short)
    client = login("security")
    assert client.get(short[0].url).status_code == 200


def test_a_departure_past_its_last_day_with_the_checklist_open_loses_a_point(demo, login):
    today = timezone.localdate()
    resignation = offboarding.resignation_submit(
        actor=user("emp_cs"),
        employee=employee("C0002"),
        last_day=today + 30 * DAY,
        reason="个人发展",
    )
    for username in CHAIN:
        decide(resignation, username)
    resignation.refresh_from_db()
    period = (today, today + 60 * DAY)
    # 林芳 is classified (一般): her decryption period is recorded on approval.
    assert DecryptionPeriod.objects.filter(resignation=resignation).exists()
    assert decryption_recorded(*period) == []
    assert departures_complete(*period) == []  # her last day has not come yet
    with time_machine.travel(timezone.now() + 31 * DAY, tick=False):
        short = departures_complete(*period)
    assert [shortfall.url for shortfall in short] == [
        reverse("offboarding:resignation_detail", args=[resignation.pk])
    ]
    assert "林芳" in short[0].label
    assert login("security").get(short[0].url).status_code == 200


def test_monthly_education_counts_a_month_not_assigned_and_each_person_absent(demo, login):
    month_end = timezone.localdate().replace(day=1) - DAY
    last_month = month_end.replace(day=1)
    before = (last_month - DAY).replace(day=1)
    period = (before, month_end)  # two months, both ended
    # Nothing assigned yet: each month is one shortfall, linking to its compliance page.
    short = monthly_education(*period)
    assert [shortfall.url for shortfall in short] == [
        reverse("training:compliance") + f"?month={month:%Y-%m}" for month in (before, last_month)
    ]
    assigned = assign_monthly(actor=user("hr"), month=last_month)["assigned"]
    assert assigned == 23  # every classified person in post
    session = training.session_record(
        actor=user("hr"),
        kind=TrainingKind.MONTHLY,
        topic="保密法规",
        held_on=last_month + 9 * DAY,
        trainer="郑涛",
    )
    present = Assignment.objects.filter(
        month=last_month, employee__employee_no__in=["R0002", "C0002"]
    )
    training.attendance_mark(
        actor=user("hr"), session=session, assignment_ids=[a.pk for a in present]
    )
    short = monthly_education(*period)
    # The earlier month still not assigned, and the 21 who missed last month's.
    assert len(short) == 1 + 21
    labels = " ".join(shortfall.label for shortfall in short)
    assert "黄磊" not in labels and "林芳" not in labels and "唐宁" in labels
    assert login("security").get(short[-1].url).status_code == 200
    assert assessments_passed(*period) == []
    scores = {a.employee.employee_no: a.pk for a in present.select_related("employee")}
    training.scores_record(
        actor=user("hr"), session=session, scores={scores["R0002"]: 95, scores["C0002"]: 40}
    )
    failed = assessments_passed(*period)
    assert [shortfall.label.split(" · ")[0] for shortfall in failed] == ["林芳（C0002）"]


def _trip_shortfalls(trip, today):
    with time_machine.travel(today, tick=False):
        return travel_approved(trip.departure, today)


def test_a_trip_whose_return_was_reported_late_loses_a_point(demo, login):
    trip = approved_trip("emp_rd")  # briefed before the approval, as the chain demands
    back = trip.return_date
    assert _trip_shortfalls(trip, back + 2 * DAY) == []  # not yet chased
    (missing,) = _trip_shortfalls(trip, back + 3 * DAY)
    assert "黄磊" in missing.label
    assert missing.url == reverse("clearance:travel_detail", args=[trip.pk])
    with time_machine.travel(back + 4 * DAY, tick=False):
        travel.return_report_file(actor=user("emp_rd"), travel=trip, report="未携带涉密资料")
        travel.return_talk_record(
            actor=user("security"), travel=trip, held_on=back + 4 * DAY, note="无异常"
        )
    assert len(_trip_shortfalls(trip, back + 10 * DAY)) == 1  # done, but after the chase began
    assert login("security").get(missing.url).status_code == 200


def test_a_trip_reported_within_the_days_allowed_loses_nothing(demo):
    trip = approved_trip("emp_rd")
    back = trip.return_date
    with time_machine.travel(back + 2 * DAY, tick=False):
        travel.return_report_file(actor=user("emp_rd"), travel=trip, report="未携带涉密资料")
        travel.return_talk_record(
            actor=user("security"), travel=trip, held_on=back + 2 * DAY, note="无异常"
        )
    assert _trip_shortfalls(trip, back + 10 * DAY) == []


def test_a_major_event_not_reviewed_by_the_periods_end_loses_a_point(demo, login):
    today = timezone.localdate()
    report = major_event_services.major_event_report(
        actor=user("emp_rd"), kind=MajorEventReport.Kind.FOREIGN_FUNDING, description="境外资助邀请"
    )
    (short,) = major_events(today, today)
    assert short.url == reverse("clearance:report_list")
    assert "黄磊" not in short.label  # no names: a leak report may hide its reporter
    assert login("security").get(short.url).status_code == 200
    major_event_services.major_event_review(actor=user("security"), report=report, outcome="已谈话")
    assert major_events(today, today) == []


def _violation(day, kind=Violation.Kind.UNAUTHORISED_ACCESS, **extra):
    return violations.violation_record(
        actor=user("security"),
        employee=Employee.objects.get(employee_no="R0003"),
        kind=kind,
        occurred_on=day,
        facts="越权查阅他人文件",
        **extra,
    )


YEAR_2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_violations_handled_by_the_rule_or_with_a_reason_lose_nothing(demo):
    first = _violation(datetime.date(2024, 3, 1))
    repeat = _violation(datetime.date(2024, 6, 10))
    assert (first.measure, repeat.measure) == (Violation.Measure.WARNING, Violation.Measure.DEMERIT)
    _violation(  # the rule gives demotion; the office chose less and said why
        datetime.date(2024, 9, 1), measure=Violation.Measure.WARNING, override_reason="主动报告"
    )
    assert violations_handled(*YEAR_2024) == []


def test_a_violation_left_below_the_rule_by_an_older_one_recorded_later_loses_a_point(demo, login):
    newer = _violation(datetime.date(2024, 6, 10))  # a first offence, as far as known: warning
    older = _violation(datetime.date(2024, 3, 1))  # found and recorded afterwards
    assert newer.measure == older.measure == Violation.Measure.WARNING
    with translation.override("zh-hans"):
        (short,) = violations_handled(*YEAR_2024)
    # The older one was a first offence; the newer one, a repeat, called for a demerit.
    rule = "处理措施为“警告”，按规定应为“记过”，且未记录理由"
    assert short.label == f"何军（R0003） · 越权访问 · 2024-06-10 · {rule}"
    assert short.url == reverse("personnel:employee_detail", args=[newer.employee_id])
    assert login("security").get(short.url).status_code == 200
    # A period holding only the older one finds nothing amiss.
    assert violations_handled(datetime.date(2024, 1, 1), datetime.date(2024, 5, 31)) == []


def _incident(discovered_at):
    return incidents.incident_report(
        actor=user("emp_rd"),
        title="图纸外发",
        description="疑似将研发图纸发至外部邮箱",
        discovered_at=discovered_at,
    )


def test_a_leak_incident_not_reported_to_the_authority_within_24_hours_loses_a_point(demo, login):
    now, today = timezone.now(), timezone.localdate()
    incident = _incident(now - 2 * DAY)
    with translation.override("zh-hans"):
        (short,) = violations_handled(today - 7 * DAY, today)
    assert short.url == reverse("clearance:incident_detail", args=[incident.pk])
    assert "向保密行政管理部门报告" in short.label
    assert "图纸外发" not in short.label and "黄磊" not in short.label  # neither title nor reporter
    assert login("security").get(short.url).status_code == 200
    # Reported now, a day late: still short.
    incidents.incident_update(actor=user("security"), incident=incident, authority_reported_at=now)
    assert len(violations_handled(today - 7 * DAY, today)) == 1
    # A period that ended before the discovery holds nothing.
    assert violations_handled(today - 30 * DAY, today - 7 * DAY) == []


def test_a_leak_incident_handled_in_time_counts_as_fine_until_its_result_is_overdue(demo):
    now, today = timezone.now(), timezone.localdate()
    handled, unsolved = _incident(now - 2 * DAY), _incident(now - 2 * DAY)
    for incident in (handled, unsolved):
        incidents.incident_update(
            actor=user("security"),
            incident=incident,
            authority_reported_at=now - 2 * DAY + datetime.timedelta(hours=3),
            remedial_measures="收回图纸，封存邮箱",
        )
    incidents.incident_update(actor=user("security"), incident=handled, result="系误报")
    incidents.incident_close(actor=user("security"), incident=handled)
    assert violations_handled(today - 7 * DAY, today) == []
    later = today + 100 * DAY  # past the three months for the investigation result
    with time_machine.travel(now + 100 * DAY, tick=False):
        short = violations_handled(today, later)
    assert [shortfall.url for shortfall in short] == [
        reverse("clearance:incident_detail", args=[unsolved.pk])
    ]
