"""What each user sees of training, and the compliance figures (T5)."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from core.access import role_grants
from core.dates import add_months
from personnel.models import Employee
from personnel.selectors import visible_employees

from .models import Assignment, TrainingKind, TrainingPlan, TrainingSession


def visible_assignments(user) -> QuerySet:
    """Follows who sees whom: HR and auditors everyone, heads their department, each
    employee their own."""
    return Assignment.objects.filter(employee__in=visible_employees(user))


def monthly_of(user, month: datetime.date, status: str) -> QuerySet:
    """One month's monthly education in one status, among the people the user sees: the
    compliance page's overdue list (OVERDUE), attendance still to record (ASSIGNED)."""
    return visible_assignments(user).filter(kind=TrainingKind.MONTHLY, month=month, status=status)


def my_open_assignments(user) -> QuerySet:
    """The user's own trainings not attended yet (the overview's "my training")."""
    return Assignment.objects.filter(
        employee__user=user, status__in=[Assignment.Status.ASSIGNED, Assignment.Status.OVERDUE]
    )


def pre_post_candidates() -> QuerySet:
    """People in a secret post who have not passed the pre-post training (O6, T3): above
    all the new starters and transfers awaiting the post, whom the gate holds back."""
    return Employee.objects.filter(
        position__is_secret_post=True,
        pre_post_trained_on__isnull=True,
        status__in=[Employee.Status.AWAITING_POST, Employee.Status.ACTIVE],
    ).select_related("department")


def pre_post_waiting(user, month: datetime.date) -> QuerySet:
    """The pre-post candidates the user sees, each with `assigned`: whether the training is
    already assigned to them in `month`."""
    assigned = Assignment.objects.filter(
        employee=OuterRef("pk"), kind=TrainingKind.PRE_POST, month=month
    )
    visible = visible_employees(user).values("pk")
    return pre_post_candidates().filter(pk__in=visible).annotate(assigned=Exists(assigned))


def visible_sessions(user) -> QuerySet:
    if role_grants(user, "training.view_trainingsession"):
        return TrainingSession.objects.all()
    attended = visible_assignments(user).values("session_id")
    return TrainingSession.objects.filter(pk__in=attended)


def month_to_assign(session: TrainingSession) -> datetime.date | None:
    """The month of a monthly session when nobody has been assigned that month yet (HR must
    assign it before marking attendance), else None."""
    if session.kind != TrainingKind.MONTHLY:
        return None
    month = session.held_on.replace(day=1)
    assigned = Assignment.objects.filter(kind=TrainingKind.MONTHLY, month=month).exists()
    return None if assigned else month


def visible_plans(user) -> QuerySet:
    """HR sees every plan; others the plans addressed to them: all classified staff, their
    department or their tier (a head: their department's part)."""
    if role_grants(user, "training.view_trainingplan"):
        return TrainingPlan.objects.all()
    me = Employee.objects.filter(user=user).first()
    if me is None:
        return TrainingPlan.objects.none()
    headed = me.headed_departments.values("pk")
    return TrainingPlan.objects.filter(
        Q(audience=TrainingPlan.Audience.ALL_CLASSIFIED)
        | Q(audience=TrainingPlan.Audience.DEPARTMENT, department=me.department_id)
        | Q(audience=TrainingPlan.Audience.DEPARTMENT, department__in=headed)
        | Q(audience=TrainingPlan.Audience.TIER, tier=me.tier)
    )


@dataclass(frozen=True)
class ComplianceRow:
    department: str
    assigned: int
    attended: int
    passed: int
    overdue: int
    average: float | None

    @property
    def completion(self) -> float | None:
        """Share of assigned people who attended, in percent."""
        return _rate(self.attended, self.assigned)

    @property
    def pass_rate(self) -> float | None:
        """Share of those who attended who passed, in percent."""
        return _rate(self.passed, self.attended)


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide by (shown "—")."""
    return round(100 * part / whole, 1) if whole else None


_FIGURES = {
    "assigned": Count("pk"),
    "attended": Count("pk", filter=Q(status__in=Assignment.DONE)),
    "passed": Count("pk", filter=Q(status=Assignment.Status.PASSED)),
    "overdue": Count("pk", filter=Q(status=Assignment.Status.OVERDUE)),
    "average": Avg("score"),
}


def _row(name, figures) -> ComplianceRow:
    average = figures["average"]
    return ComplianceRow(
        department=name,
        assigned=figures["assigned"],
        attended=figures["attended"],
        passed=figures["passed"],
        overdue=figures["overdue"],
        average=round(average, 1) if average is not None else None,
    )


def compliance(assignments: QuerySet, month: datetime.date) -> tuple[list, ComplianceRow]:
    """Per department and in total, for one month's monthly education (two queries)."""
    monthly = assignments.filter(kind=TrainingKind.MONTHLY, month=month).order_by()
    rows = [
        _row(values["employee__department__name"], values)
        for values in monthly.values("employee__department__name")
        .annotate(**_FIGURES)
        .order_by("employee__department__name")
    ]
    return rows, _row("", monthly.aggregate(**_FIGURES))


def completion_by_month(assignments: QuerySet, month: datetime.date, months: int = 12):
    """[(month, completion %)] for the last `months` months up to `month`, one query; the
    rate is None for a month nobody was due (no training is not 0 % done)."""
    first = add_months(month.replace(day=1), -(months - 1))
    figures = {
        values["month"]: values
        for values in assignments.filter(
            kind=TrainingKind.MONTHLY, month__gte=first, month__lte=month
        )
        .order_by()
        .values("month")
        .annotate(assigned=Count("pk"), attended=_FIGURES["attended"])
    }
    series = []
    for offset in range(months):
        m = add_months(first, offset)
        row = figures.get(m, {"attended": 0, "assigned": 0})
        series.append((m, _rate(row["attended"], row["assigned"])))
    return series
