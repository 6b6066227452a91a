import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from approvals.models import Decision
from offboarding import services
from personnel.models import Employee

CHAIN = ["head_cs", "hr", "hr_head", "vp", "gm"]


def user(username):
    return get_user_model().objects.get(username=username)


def employee(no):
    return Employee.objects.get(employee_no=no)


@pytest.fixture
def submit(demo):
    """emp_cs resigns with exactly 30 days' notice."""

    def _submit(who="emp_cs", no="C0002", days=30, **extra):
        return services.resignation_submit(
            actor=user(who),
            employee=employee(no),
            last_day=timezone.localdate() + datetime.timedelta(days=days),
            reason=extra.pop("reason", "个人发展"),
            **extra,
        )

    return _submit


def decide(resignation, username, outcome=Decision.Outcome.APPROVE, comment="同意", **opinion):
    step = resignation.chain.current_step()
    if not opinion and step is not None and step.order == 1:
        opinion = {"handover_arrangements": "工作交接给许静"}
    return services.resignation_decide(
        actor=user(username),
        resignation=resignation,
        outcome=outcome,
        comment=comment,
        opinion=opinion,
    )


@pytest.fixture
def approved(submit):
    resignation = submit()
    for username in CHAIN:
        decide(resignation, username)
    resignation.refresh_from_db()
    return resignation


def exit_education_attend(resignation):
    """The leaver attends their education before leaving (what its checklist item waits
    for): a session of that kind, their attendance marked by HR."""
    from training import services as training
    from training.models import Assignment, TrainingKind

    session = training.session_record(
        actor=user("hr"),
        kind=TrainingKind.EXIT,
        topic="离职保密教育",
        held_on=timezone.localdate(),
        trainer="郑涛",
    )
    assignment = Assignment.objects.get(employee=resignation.employee, kind=TrainingKind.EXIT)
    training.attendance_mark(actor=user("hr"), session=session, assignment_ids=[assignment.pk])
