"""The measures on the people themselves: their classification, commitments, training and
reviews."""

import datetime

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months
from personnel.models import CLASSIFIED_TIERS, Agreement, Employee, Tier
from training.models import Assignment, MonthlyRun, TrainingKind

from .registry import Shortfall, employee_shortfall, measure


@measure("classified_identified", gettext_lazy("Classified staff identified by their post"))
def classified_identified(period_from, period_to) -> list[Shortfall]:
    """Staff in post by the period's end whose tier does not follow their post: someone in
    a secret post left unclassified, or someone classified outside any secret post."""
    people = (
        Employee.objects.filter(
            status__in=(Employee.Status.ACTIVE, Employee.Status.RESIGNING),
            hire_date__lte=period_to,
        )
        .filter(
            Q(position__is_secret_post=True, tier=Tier.NONE)
            | Q(tier__in=CLASSIFIED_TIERS)
            & (Q(position__isnull=True) | Q(position__is_secret_post=False))
        )
        .order_by("employee_no")
    )
    return [
        employee_shortfall(
            person,
            _("classified outside a secret post")
            if person.is_classified
            else _("in a secret post, not classified"),
        )
        for person in people
    ]


@measure("commitments_signed", gettext_lazy("Confidentiality commitments signed"))
def commitments_signed(period_from, period_to) -> list[Shortfall]:
    """Classified staff in post, hired by the period's end, without a confidentiality
    commitment signed by then."""
    signed = Agreement.objects.filter(
        employee=OuterRef("pk"), kind=Agreement.Kind.COMMITMENT, signed_on__lte=period_to
    )
    unsigned = (
        Employee.objects.filter(
            tier__in=CLASSIFIED_TIERS,
            status__in=(Employee.Status.ACTIVE, Employee.Status.RESIGNING),
            hire_date__lte=period_to,
        )
        .exclude(Exists(signed))
        .order_by("employee_no")
    )
    return [employee_shortfall(employee) for employee in unsigned]


@measure("pre_post_training", gettext_lazy("Pre-post training passed before taking up the post"))
def pre_post_training(period_from, period_to) -> list[Shortfall]:
    """Classified staff who took up a secret post in the period (their hire date) without
    having passed the pre-post training by that day."""
    late = (
        Employee.objects.filter(
            tier__in=CLASSIFIED_TIERS,
            position__is_secret_post=True,
            hire_date__gte=period_from,
            hire_date__lte=period_to,
        )
        .exclude(status=Employee.Status.CANDIDATE)
        .order_by("employee_no")
    )
    return [
        employee_shortfall(employee, _trained_text(employee.pre_post_trained_on))
        for employee in late
        if employee.pre_post_trained_on is None or employee.pre_post_trained_on > employee.hire_date
    ]


@measure("periodic_reviews", gettext_lazy("Periodic reviews held on time"))
def periodic_reviews(period_from, period_to) -> list[Shortfall]:
    """Classified staff in post whose periodic review was overdue at the period's end (or
    today, if that is earlier): a review is due REVIEW_INTERVAL_MONTHS after the last one
    held by then, or after hiring when there was none (as clearance's list of reviews due)."""
    end = min(period_to, timezone.localdate())
    people = (
        Employee.objects.filter(
            tier__in=CLASSIFIED_TIERS,
            status__in=(Employee.Status.ACTIVE, Employee.Status.RESIGNING),
            hire_date__lte=end,
        )
        .annotate(last_review=Max("reviews__reviewed_on", filter=Q(reviews__reviewed_on__lte=end)))
        .order_by("employee_no")
    )
    short = []
    for person in people:
        due_on = add_months(person.last_review or person.hire_date, settings.REVIEW_INTERVAL_MONTHS)
        if due_on <= end:
            short.append(employee_shortfall(person, _("review due %(day)s") % {"day": due_on}))
    return short


def _ended_months(period_from, period_to) -> list[datetime.date]:
    """The first days of the months that begin in the period and have ended by its end (or
    by today): a month still running is not judged."""
    end = min(period_to, timezone.localdate() - datetime.timedelta(days=1))
    month, months = period_from.replace(day=1), []
    if month < period_from:
        month = add_months(month, 1)
    while add_months(month, 1) - datetime.timedelta(days=1) <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


@measure("monthly_education", gettext_lazy("Monthly education assigned and attended"))
def monthly_education(period_from, period_to) -> list[Shortfall]:
    """Each ended month of the period: the monthly education was assigned (training's
    monthly run), and every classified person it was assigned to attended."""
    months = _ended_months(period_from, period_to)
    held = set(MonthlyRun.objects.filter(month__in=months).values_list("month", flat=True))
    missed = (
        Assignment.objects.filter(kind=TrainingKind.MONTHLY, month__in=months)
        .exclude(status__in=Assignment.DONE)
        .select_related("employee")
        .order_by("month", "employee__employee_no")
    )
    short = [
        Shortfall(
            _("%(month)s: monthly education not assigned") % {"month": f"{month:%Y-%m}"},
            reverse("training:compliance") + f"?month={month:%Y-%m}",
        )
        for month in months
        if month not in held
    ]
    short += [
        employee_shortfall(
            assignment.employee,
            _("%(month)s not attended") % {"month": f"{assignment.month:%Y-%m}"},
        )
        for assignment in missed
    ]
    return short


@measure("assessments_passed", gettext_lazy("Training assessments passed"))
def assessments_passed(period_from, period_to) -> list[Shortfall]:
    """Training assessed in the ended months of the period and failed (a later pass of the
    same training counts: the result is then re-recorded as passed)."""
    failed = (
        Assignment.objects.filter(
            month__in=_ended_months(period_from, period_to), status=Assignment.Status.FAILED
        )
        .select_related("employee")
        .order_by("month", "employee__employee_no")
    )
    return [
        employee_shortfall(
            assignment.employee,
            _("%(month)s %(kind)s: %(score)s")
            % {
                "month": f"{assignment.month:%Y-%m}",
                "kind": assignment.get_kind_display(),
                "score": assignment.score,
            },
        )
        for assignment in failed
    ]


def _trained_text(day: datetime.date | None) -> str:
    if day is None:
        return _("no pre-post training passed")
    return _("pre-post training passed on %(day)s") % {"day": day}
