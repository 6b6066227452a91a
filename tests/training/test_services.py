import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.errors import DomainError
from personnel.models import DossierEntry, Employee, Tier
from personnel.services.accounts import login_deactivate
from training import services, sweeps
from training.models import Assignment, TrainingKind
from training.sweeps import sweep_reminders

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 11, 1)


def user(name):
    return get_user_model().objects.get(username=name)


def employee(no):
    return Employee.objects.get(employee_no=no)


def classified_active():
    return set(
        Employee.objects.exclude(tier=Tier.NONE)
        .filter(status=Employee.Status.ACTIVE)
        .values_list("employee_no", flat=True)
    )


def assigned(month=MONTH):
    return set(
        Assignment.objects.filter(month=month, kind=TrainingKind.MONTHLY).values_list(
            "employee__employee_no", flat=True
        )
    )


def test_it_assigns_every_active_classified_employee_once(demo):
    first = sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    assert assigned() == classified_active() and first["assigned"] == len(classified_active())
    second = sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    assert second == {"assigned": 0, "already": len(classified_active())}
    assert Assignment.objects.count() == len(classified_active())
    history = Assignment.history.filter(history_type="+")
    assert history.count() == len(classified_active())
    assert set(history.values_list("history_user__username", flat=True)) == {"hr"}


def test_it_leaves_out_the_non_classified_the_departed_and_the_switched_off(demo):
    departed = employee("R0003")
    departed.status = Employee.Status.DEPARTED
    departed.save()
    login_deactivate(actor=user("hr"), employee=employee("C0002"))  # emp_cs, login off
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    names = assigned()
    assert "R0003" not in names and "C0002" not in names
    assert "C0005" not in names  # non-classified
    assert "R0002" in names


def test_the_decryption_period_counts_when_the_settings_say_so(demo, settings):
    person = employee("R0003")
    person.status = Employee.Status.DEPARTED
    person.decryption_ends_on = datetime.date(2027, 6, 30)
    person.save()
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    assert "R0003" not in assigned()
    settings.TRAINING_INCLUDE_DECRYPTION = True
    assert sweeps.assign_monthly(actor=user("hr"), month=MONTH)["assigned"] == 1
    assert "R0003" in assigned()


def test_a_run_at_half_past_midnight_on_the_first_belongs_to_the_new_month(demo):
    # 16:30 UTC on 30 Nov is 00:30 on 1 Dec in Shanghai.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC)):
        sweeps.assign_monthly(actor=user("hr"))
    assert set(Assignment.objects.values_list("month", flat=True)) == {datetime.date(2026, 12, 1)}


def session(kind=TrainingKind.MONTHLY, held_on=datetime.date(2026, 11, 12)):
    return services.session_record(
        actor=user("hr"), kind=kind, topic="保密法规与案例", held_on=held_on, trainer="郑涛"
    )


def attend(s, *nos):
    ids = Assignment.objects.filter(
        month=MONTH, kind=s.kind, employee__employee_no__in=nos
    ).values_list("pk", flat=True)
    return services.attendance_mark(actor=user("hr"), session=s, assignment_ids=list(ids))


def test_scores_decide_pass_and_fail_at_the_pass_mark(demo, settings):
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    s = session()
    assert attend(s, "R0002", "R0003", "C0002") == 3
    ids = dict(s.assignments.values_list("employee__employee_no", "pk"))
    scores = {ids["R0002"]: 60, ids["R0003"]: 59, ids["C0002"]: 100}
    services.scores_record(actor=user("hr"), session=s, scores=scores)
    status = dict(s.assignments.values_list("employee__employee_no", "status"))
    assert status == {"R0002": "passed", "R0003": "failed", "C0002": "passed"}
    entry = employee("R0002").dossier.get(kind=DossierEntry.Kind.TRAINING)
    assert entry.score == 60  # the dossier shows the training and its score (P4)
    settings.TRAINING_PASS_MARK = 70
    services.scores_record(actor=user("hr"), session=s, scores={ids["R0002"]: 65})
    assert Assignment.objects.get(pk=ids["R0002"]).status == "failed"


def test_attendance_reaches_the_dossier_before_any_score_and_the_score_joins_it(demo):
    """P4: a training attended stands in the dossier at once, without a score; the
    assessment then gives that same line its score."""
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    s = session()
    attend(s, "R0002", "R0003")
    lines = employee("R0002").dossier.filter(kind=DossierEntry.Kind.TRAINING)
    entry = lines.get()
    assert entry.score is None and entry.occurred_on == s.held_on
    assert "保密法规与案例" in entry.title
    pk = s.assignments.get(employee__employee_no="R0002").pk
    services.scores_record(actor=user("hr"), session=s, scores={pk: 88})
    entry = lines.get()  # still one line, now with its score; the history keeps the first
    assert entry.score == 88 and entry.history.filter(score__isnull=True).exists()
    assert employee("R0003").dossier.get(kind=DossierEntry.Kind.TRAINING).score is None


@pytest.mark.parametrize("bad", [101, -1, "90"])
def test_a_score_outside_0_to_100_is_refused(demo, bad):
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    s = session()
    attend(s, "R0002")
    pk = s.assignments.get().pk
    with pytest.raises(DomainError):
        services.scores_record(actor=user("hr"), session=s, scores={pk: bad})
    assert Assignment.objects.get(pk=pk).score is None


def test_attendance_only_for_the_sessions_month_and_kind(demo):
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    december = session(held_on=datetime.date(2026, 12, 3))
    with pytest.raises(DomainError):
        attend(december, "R0002")
    assert not Assignment.objects.filter(session__isnull=False).exists()


def test_only_hr_records_training(demo):
    from django.core.exceptions import PermissionDenied

    for name in ["auditor", "head_rd", "emp_rd"]:
        with pytest.raises(PermissionDenied):
            services.session_record(
                actor=user(name), kind="monthly", topic="x", held_on=MONTH, trainer="x"
            )


def test_passing_the_pre_post_training_satisfies_the_gate(demo):
    person = employee("R0008")
    with time_machine.travel(datetime.datetime(2026, 11, 10, 3, 0, tzinfo=datetime.UTC)):
        assignment = services.pre_post_assign(actor=user("hr"), employee=person)
        s = session(kind=TrainingKind.PRE_POST, held_on=datetime.date(2026, 11, 10))
        services.attendance_mark(actor=user("hr"), session=s, assignment_ids=[assignment.pk])
        services.scores_record(actor=user("hr"), session=s, scores={assignment.pk: 85})
    assert employee("R0008").pre_post_trained_on == datetime.date(2026, 11, 10)
    with time_machine.travel(datetime.datetime(2026, 11, 10, 3, 0, tzinfo=datetime.UTC)):
        with pytest.raises(DomainError):
            services.pre_post_assign(actor=user("hr"), employee=person)


def test_the_sweep_marks_overdue_reminds_and_tells_heads_once(demo):
    sweeps.assign_monthly(actor=user("hr"), month=MONTH)
    s = session()
    attend(s, "R0002")
    assert sweep_reminders(actor=user("hr"), today=datetime.date(2026, 11, 20))["reminded"] == 0
    last_week = sweep_reminders(actor=user("hr"), today=datetime.date(2026, 11, 25))
    assert last_week["reminded"] == len(
        Assignment.objects.filter(status="assigned", employee__user__isnull=False)
    )
    again = sweep_reminders(actor=user("hr"), today=datetime.date(2026, 11, 25))
    assert again["reminded"] == 0
    december = sweep_reminders(actor=user("hr"), today=datetime.date(2026, 12, 1))
    overdue = Assignment.objects.filter(status="overdue")
    assert december["overdue_marked"] == overdue.count() == len(classified_active()) - 1
    assert december["heads_told"] >= 2  # 研发部 and 客服部 heads, among others
    assert sweep_reminders(actor=user("hr"), today=datetime.date(2026, 12, 2)) == {
        "overdue_marked": 0,
        "reminded": 0,
        "heads_told": 0,
    }
    missed = employee("R0003").dossier.get(kind=DossierEntry.Kind.TRAINING)
    assert "2026-11" in missed.title and missed.occurred_on == datetime.date(2026, 11, 30)
    assert overdue.first().history.first().history_user == user("hr")


def test_current_month_is_shanghai_local():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC)):
        assert services.current_month() == datetime.date(2026, 12, 1)
    assert services.current_month() == timezone.localdate().replace(day=1)
