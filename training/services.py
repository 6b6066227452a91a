"""Training (T1–T6): plans, sessions, attendance and scores (the monthly assignment is in
sweeps)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.models import DossierEntry, Employee
from personnel.services import people as personnel

from .models import (
    Assignment,
    SessionMaterial,
    TrainingKind,
    TrainingPlan,
    TrainingSession,
)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def current_month() -> datetime.date:
    """The month in Asia/Shanghai: a run at 00:30 on the 1st belongs to the new month."""
    return month_start(timezone.localdate())


# --- Plans and sessions (T1, T4) --------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, **fields) -> TrainingPlan:
    require_perm(actor, "training.add_trainingplan")
    plan = TrainingPlan(**fields)
    _save(plan, actor)
    return plan


@transaction.atomic
def session_record(*, actor, kind, topic, held_on, trainer, plan=None, materials=(), hours=None):
    """A session held; `hours` are the study hours each attendee earns (the model's default
    when not given)."""
    require_perm(actor, "training.add_trainingsession")
    session = TrainingSession(
        kind=kind, topic=topic, held_on=held_on, trainer=trainer, plan=plan, recorded_by=actor
    )
    if hours is not None:
        if hours <= 0:
            raise DomainError(_("A session's study hours are more than zero."))
        session.hours = hours
    _save(session, actor)
    for upload in materials:
        _save(SessionMaterial(session=session, file=upload), actor)
    return session


def attendable(session: TrainingSession):
    """Assignments this session can count for: same kind, and for monthly education the
    session's month; not yet attended. Education before leaving or travel, awareness
    activities and pre-post training count in any month: the person was assigned them when
    the workflow asked, and attends the next session held."""
    qs = Assignment.objects.filter(kind=session.kind, session__isnull=True).exclude(
        status__in=Assignment.DONE
    )
    if session.kind == TrainingKind.MONTHLY:
        qs = qs.filter(month=month_start(session.held_on))
    return qs.select_related("employee__department")


@transaction.atomic
def attendance_mark(*, actor, session: TrainingSession, assignment_ids) -> int:
    """Mark attendance in bulk from the assignment list; each attendee earns the session's
    study hours. Returns how many were marked."""
    require_perm(actor, "training.change_assignment")
    wanted = set(map(int, assignment_ids))
    rows = list(attendable(session).filter(pk__in=wanted).select_for_update(of=("self",)))
    if len(rows) != len(wanted):
        raise DomainError(_("Some of the chosen people cannot attend this session."))
    for assignment in rows:
        assignment.session = session
        assignment.hours = session.hours
        transition(assignment, Assignment.Status.ATTENDED)
        _save(assignment, actor)
        _dossier_line(actor, assignment, session, detail=_("Attended"))
    return len(rows)


def _dossier_line(actor, assignment, session, *, detail: str, score: int | None = None):
    """P4: attendance stands in the dossier at once; the assessment adds its score to that
    same line."""
    _dossier_put(
        actor,
        assignment,
        occurred_on=session.held_on,
        title=session.topic,
        detail=detail,
        score=score,
    )


def _dossier_put(actor, assignment, *, occurred_on, title, detail, score) -> None:
    personnel.dossier_entry_put(
        actor=actor,
        employee=assignment.employee,
        reference=f"training.assignment:{assignment.pk}",
        kind=DossierEntry.Kind.TRAINING,
        occurred_on=occurred_on,
        title=f"{assignment.get_kind_display()}：{title}",
        detail=detail,
        score=score,
    )


@transaction.atomic
def scores_record(*, actor, session: TrainingSession, scores: dict) -> int:
    """Record assessment scores (0–100) of this session's attendees; pass mark a setting."""
    require_perm(actor, "training.change_assignment")
    rows = {
        a.pk: a
        for a in session.assignments.select_for_update(of=("self",))
        .select_related("employee")
        .filter(pk__in=scores)
    }
    if len(rows) != len(scores):
        raise DomainError(_("Scores can be recorded only for this session's attendees."))
    for pk, score in scores.items():
        if not isinstance(score, int) or not 0 <= score <= 100:
            raise DomainError(_("A score is between 0 and 100."))
        _score_one(actor, rows[pk], score, session)
    return len(rows)


def _score_one(actor, assignment, score, session) -> None:
    _result_put(
        actor,
        assignment,
        score=score,
        passed=score >= settings.TRAINING_PASS_MARK,
        occurred_on=session.held_on,
        title=session.topic,
    )


def _result_put(actor, assignment, *, score, passed, occurred_on, title) -> None:
    assignment.score = score
    transition(assignment, Assignment.Status.PASSED if passed else Assignment.Status.FAILED)
    _save(assignment, actor, constraints=False)  # an existing row; only its result changes
    _dossier_put(
        actor,
        assignment,
        occurred_on=occurred_on,
        title=title,
        detail=_("Passed") if passed else pgettext("training result", "Failed"),
        score=score,
    )
    if passed and assignment.kind == TrainingKind.PRE_POST:
        personnel.employee_lifecycle_set(
            actor=actor, employee=assignment.employee, pre_post_trained_on=occurred_on
        )


# No savepoint of its own: it runs inside the hand-in's transaction, which fails whole.
@transaction.atomic(savepoint=False)
def exam_result_record(
    *, actor, assignment: Assignment, score: int, passed: bool, hours, title: str, on
) -> Assignment:
    """An exam's result counts for the assignment it was sat for: attended, then passed or
    failed with its score (a percentage), and the exam's study hours when passed. A passed
    retake turns a failed month into a pass; a pass is never turned back.

    The exam service calls this for the person sitting their own paper and checks that they
    hold the seat; the sitter needs no training rights of their own.
    """
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=assignment.pk)
    )
    if assignment.status == Assignment.Status.PASSED:
        return assignment
    if assignment.status in (Assignment.Status.ASSIGNED, Assignment.Status.OVERDUE):
        transition(assignment, Assignment.Status.ATTENDED)
    if passed:
        assignment.hours = hours
    _result_put(actor, assignment, score=score, passed=passed, occurred_on=on, title=title)
    return assignment


@transaction.atomic
def session_results_record(*, actor, session: TrainingSession, attended=(), scores=None):
    """A session's table in one submission: mark who attended, then record the scores given
    (a score may go to someone marked in the same submission). One transaction: a refusal
    of any row saves nothing. Returns (marked, scored)."""
    marked = scored = 0
    if attended:
        marked = attendance_mark(actor=actor, session=session, assignment_ids=attended)
    if scores:
        scored = scores_record(actor=actor, session=session, scores=scores)
    return marked, scored


@transaction.atomic
def pre_post_assign_many(*, actor, employees) -> tuple[int, int]:
    """Assign the pre-post training to each of these people at once. Who already has it this
    month is counted, not refused. Returns (assigned now, already had it)."""
    require_perm(actor, "training.add_assignment")
    month = current_month()
    # The people's rows, locked in one order: two HR clerks ticking the same people wait for
    # each other instead of tripping over the once-a-month constraint.
    people = list(
        Employee.objects.select_for_update().filter(pk__in=[e.pk for e in employees]).order_by("pk")
    )
    had = set(
        Assignment.objects.filter(
            employee__in=people, kind=TrainingKind.PRE_POST, month=month
        ).values_list("employee_id", flat=True)
    )
    for employee in people:
        if employee.pk not in had:
            _save(Assignment(employee=employee, kind=TrainingKind.PRE_POST, month=month), actor)
    return len(people) - len(had), len(had)


@transaction.atomic
def pre_post_assign(*, actor, employee: Employee) -> Assignment:
    """New starters and transfers into a secret post must pass this before taking it up."""
    require_perm(actor, "training.add_assignment")
    month = current_month()
    if Assignment.objects.filter(
        employee=employee, kind=TrainingKind.PRE_POST, month=month
    ).exists():
        raise DomainError(_("The pre-post training is already assigned this month."))
    assignment = Assignment(employee=employee, kind=TrainingKind.PRE_POST, month=month)
    _save(assignment, actor)
    return assignment


@transaction.atomic
def assign(*, actor, employee: Employee, kind: str, month=None) -> Assignment:
    """A workflow assigns one person a training: education before leaving when their
    departure checklist opens, before travel when their trip is approved. Idempotent: the
    person's assignment of that kind in that month (this month unless given) is returned
    when there is one. The person is told.

    Callers check their own rights: whoever approves a departure or a trip needs no training
    rights of their own for the training that follows from it."""
    month = month_start(month or current_month())
    # The person's row locked: two workflows assigning at once wait for each other instead
    # of tripping over the once-a-month constraint.
    employee = (
        Employee.objects.select_for_update(of=("self",)).select_related("user").get(pk=employee.pk)
    )
    assignment = Assignment.objects.filter(employee=employee, kind=kind, month=month).first()
    if assignment is not None:
        return assignment
    assignment = Assignment(employee=employee, kind=kind, month=month)
    _save(assignment, actor)
    notify(
        recipients=[employee.user],
        subject=_("Training assigned to you: %(kind)s") % {"kind": assignment.get_kind_display()},
        body=_("Please attend the next session; HR records your attendance."),
        link=reverse("training:overview"),
        dedupe_key=f"training:assigned:{assignment.pk}",
    )
    return assignment
