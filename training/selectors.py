"""What each user sees of training, and the compliance figures (T5)."""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from core.access import role_grants
from core.dates import add_months
from core.prepared import Statement
from personnel.models import CLASSIFIED_TIERS, Employee
from personnel.selectors import ROSTER_STATUSES, sight

from .models import Assignment, TrainingKind, TrainingPlan, TrainingSession


def visible_assignments(user) -> QuerySet:
    """Follows who sees whom: HR and auditors everyone, heads their department, each
    employee their own."""
    return Assignment.objects.filter(sight(user))


def monthly_of(user, month: datetime.date, status: str) -> QuerySet:
    """One month's monthly education in one status, among the people the user sees: the
    compliance page's overdue list (OVERDUE), attendance still to record (ASSIGNED)."""
    return visible_assignments(user).filter(kind=TrainingKind.MONTHLY, month=month, status=status)


def my_open_assignments(user) -> QuerySet:
    """The user's own trainings not attended yet (the overview's "my training")."""
    return Assignment.objects.filter(
        employee__user=user, status__in=[Assignment.Status.ASSIGNED, Assignment.Status.OVERDUE]
    )


def training_done(employee, kind: str, *, since: datetime.date) -> bool:
    """Whether the person attended (or passed) a training of this kind assigned from the
    month `since` on: what the departure checklist's exit education item waits for."""
    return Assignment.objects.filter(
        employee=employee,
        kind=kind,
        month__gte=since,
        status__in=[Assignment.Status.ATTENDED, Assignment.Status.PASSED],
    ).exists()


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
    return pre_post_candidates().filter(sight(user, "")).annotate(assigned=Exists(assigned))


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


# --- Study hours (学时) and the annual appraisal (T5) -------------------------------------


def year_months(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last month of a year, as assignments store their month."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def hours_in_year(employees, year: int) -> dict[int, Decimal]:
    """Study hours per person for a year: the sum of the hours of their assignments whose
    month lies in that year. One aggregate query for any number of people (a queryset or
    ids); a person without any is absent (they have 0)."""
    first, last = year_months(year)
    rows = _per_person(Assignment.objects.filter(employee__in=employees), first, last)
    return {row["employee_id"]: row["total"] for row in rows}


def _per_person(assignments: QuerySet, first: datetime.date, last: datetime.date) -> QuerySet:
    in_year = assignments.filter(month__gte=first, month__lte=last).order_by()
    return in_year.values("employee_id").annotate(total=Sum("hours"))


# One person's hours, which their page shows: compiled once (core.prepared.Statement).
_ONES_HOURS = Statement(
    lambda employee, first, last: _per_person(
        Assignment.objects.filter(employee=employee), first, last
    ),
    employee=int,
    first=datetime.date,
    last=datetime.date,
)


@dataclass(frozen=True)
class HoursStanding:
    """A person's study hours in a year against the yearly minimum (a setting)."""

    year: int
    hours: Decimal
    minimum: int

    @property
    def below(self) -> bool:
        return self.hours < self.minimum

    @property
    def missing(self) -> Decimal:
        return max(Decimal(self.minimum) - self.hours, Decimal(0))


def hours_standing(employee, year: int) -> HoursStanding:
    first, last = year_months(year)
    rows = _ONES_HOURS(employee=employee.pk, first=first, last=last)
    hours = rows[0]["total"] if rows else Decimal(0)
    return HoursStanding(year, hours, settings.TRAINING_MIN_HOURS_PER_YEAR)


def appraisal(employees: QuerySet, year: int, *, below: bool = False) -> QuerySet:
    """Per person for a year, for the performance appraisal: the average score of their
    scored trainings, their study hours, and the months of monthly education passed of the
    months assigned. The people: classified staff in post, and anyone trained that year.
    One query per page, whatever the number of people."""
    first, last = year_months(year)
    in_year = Q(training_assignments__month__gte=first, training_assignments__month__lte=last)
    monthly = in_year & Q(training_assignments__kind=TrainingKind.MONTHLY)
    passed = Q(training_assignments__status=Assignment.Status.PASSED)
    rows = employees.annotate(
        year_trainings=Count("training_assignments", filter=in_year),
        year_hours=Coalesce(
            Sum("training_assignments__hours", filter=in_year),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        year_average=Avg("training_assignments__score", filter=in_year),
        months_passed=Count("training_assignments", filter=monthly & passed),
        months_assigned=Count("training_assignments", filter=monthly),
    ).filter(Q(tier__in=CLASSIFIED_TIERS, status__in=ROSTER_STATUSES) | Q(year_trainings__gt=0))
    if below:
        rows = rows.filter(year_hours__lt=settings.TRAINING_MIN_HOURS_PER_YEAR)
    return rows.order_by("department__name", "employee_no")


@dataclass(frozen=True)
class ComplianceRow:
    department: str
    assigned: int
    attended: int
    passed: int
    overdue: int
    average: float | None
    # The month's people's study hours in the year up to the month: on average per person,
    # and how many of them are still below the yearly minimum.
    hours: Decimal | None = None
    below: int = 0

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
    """Per department and in total, for one month's monthly education, with the study
    hours of the year up to that month (three queries)."""
    monthly = assignments.filter(kind=TrainingKind.MONTHLY, month=month).order_by()
    hours = _hours_by_department(monthly, month)
    per_department = (
        monthly.values("employee__department__name")
        .annotate(**_FIGURES)
        .order_by("employee__department__name")
    )
    rows = []
    for values in per_department:
        name = values["employee__department__name"]
        rows.append(_with_hours(_row(name, values), hours.get(name)))
    totals = [sum(column) for column in zip(*hours.values(), strict=True)] or None
    return rows, _with_hours(_row("", monthly.aggregate(**_FIGURES)), totals)


def _hours_by_department(monthly: QuerySet, month: datetime.date) -> dict:
    """{department: [people, their hours, how many below the minimum]} for the people of
    the month's education, their hours counted from January to that month."""
    per_person = (
        Assignment.objects.filter(
            employee__in=monthly.values("employee_id"),
            month__gte=month.replace(month=1),
            month__lte=month,
        )
        .order_by()
        .values("employee_id", "employee__department__name")
        .annotate(total=Sum("hours"))
    )
    minimum = settings.TRAINING_MIN_HOURS_PER_YEAR
    by_department: dict = {}
    for row in per_person:
        figures = by_department.setdefault(row["employee__department__name"], [0, 0, 0])
        figures[0] += 1
        figures[1] += row["total"]
        figures[2] += row["total"] < minimum
    return by_department


def _with_hours(row: ComplianceRow, figures) -> ComplianceRow:
    if not figures or not figures[0]:
        return row
    people, hours, below = figures
    average = (Decimal(hours) / people).quantize(Decimal("0.1"))
    return dataclasses.replace(row, hours=average, below=below)


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
