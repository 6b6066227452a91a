"""A year of training for the study-hours and appraisal tests, every figure known by hand.

研发部's classified people (R0001–R0006, R0008) are assigned the monthly education of
2025-12, 2026-03 and 2026-11 with everyone classified (23 people each month):

- 2025-12, a 1-hour session: R0002 attends, scored 70.
- 2026-03, a 2-hour session: R0002 attends, scored 80.
- 2026-11, a 2.5-hour session: R0002 (90) and R0003 (50, below the pass mark) attend.
- 2026-11: R0004 passes the exam of their education before travel: 75, 1.5 hours.

So in 2026: R0002 4.5 hours, average 85, 2 of 2 months passed; R0003 2.5 hours, average 50,
0 of 2; R0004 1.5 hours, average 75, 0 of 2; everyone else classified 0 hours, 0 of 2.
"""

import datetime
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model

from personnel.models import Employee
from training import services, sweeps
from training.models import Assignment, TrainingKind

NOVEMBER = datetime.datetime(2026, 11, 16, 2, 0, tzinfo=datetime.UTC)


def user(name):
    return get_user_model().objects.get(username=name)


def person(no):
    return Employee.objects.get(employee_no=no)


def held(month: datetime.date, hours: str, scores: dict) -> None:
    """A monthly session of `hours` in `month`, attended by the people scored."""
    hr = user("hr")
    sweeps.assign_monthly(actor=hr, month=month)
    session = services.session_record(
        actor=hr,
        kind=TrainingKind.MONTHLY,
        topic=f"保密教育 {month:%Y-%m}",
        held_on=month.replace(day=12),
        trainer="郑涛",
        hours=Decimal(hours),
    )
    ids = dict(
        Assignment.objects.filter(
            kind=TrainingKind.MONTHLY, month=month, employee__employee_no__in=scores
        ).values_list("employee__employee_no", "pk")
    )
    services.session_results_record(
        actor=hr,
        session=session,
        attended=list(ids.values()),
        scores={ids[no]: score for no, score in scores.items()},
    )


def seed_year() -> None:
    held(datetime.date(2025, 12, 1), "1", {"R0002": 70})
    held(datetime.date(2026, 3, 1), "2", {"R0002": 80})
    with time_machine.travel(NOVEMBER):
        held(datetime.date(2026, 11, 1), "2.5", {"R0002": 90, "R0003": 50})
        travel = services.assign(
            actor=user("security"), employee=person("R0004"), kind=TrainingKind.TRAVEL
        )
        services.exam_result_record(
            actor=user("security"),
            assignment=travel,
            score=75,
            passed=True,
            hours=Decimal("1.5"),
            title="出国（境）前保密教育考试",
            on=datetime.date(2026, 11, 16),
        )
