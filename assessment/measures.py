"""The measures of the standard: each takes the period and returns the records short of
the item, as (label, URL of the record's page), in a fixed number of queries.

A measure reads the other apps' tables with their own models; it never writes.
"""

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.models import Loan
from clearance.models import MajorEventReport, TravelRequest
from core.dates import add_months, within_days
from offboarding.models import DecryptionPeriod, Resignation
from personnel.models import CLASSIFIED_TIERS, Agreement, Employee, Tier
from training.models import Assignment, MonthlyRun, TrainingKind


class Shortfall(NamedTuple):
    label: str
    url: str


Measure = Callable[[datetime.date, datetime.date], list[Shortfall]]
MEASURES: dict[str, Measure] = {}


def measure(key: str):
    def register(function: Measure) -> Measure:
        MEASURES[key] = function
        return function

    return register


def _employee(employee: Employee, detail: str = "") -> Shortfall:
    label = f"{employee}" + (f" · {detail}" if detail else "")
    return Shortfall(label, reverse("personnel:employee_detail", args=[employee.pk]))


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


@measure("classified_identified")
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
        _employee(
            person,
            _("classified outside a secret post")
            if person.is_classified
            else _("in a secret post, not classified"),
        )
        for person in people
    ]


@measure("commitments_signed")
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
    return [_employee(employee) for employee in unsigned]


@measure("pre_post_training")
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
        _employee(employee, _trained_text(employee.pre_post_trained_on))
        for employee in late
        if employee.pre_post_trained_on is None or employee.pre_post_trained_on > employee.hire_date
    ]


@measure("periodic_reviews")
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
            short.append(_employee(person, _("review due %(day)s") % {"day": due_on}))
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


@measure("monthly_education")
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
        _employee(
            assignment.employee,
            _("%(month)s not attended") % {"month": f"{assignment.month:%Y-%m}"},
        )
        for assignment in missed
    ]
    return short


@measure("assessments_passed")
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
        _employee(
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


@measure("travel_approved")
def travel_approved(period_from, period_to) -> list[Shortfall]:
    """Trips abroad that returned in the period: briefed before leaving, and the return
    report filed and the return talk held before the day clearance starts chasing them
    (TRAVEL_RETURN_REMINDER_DAYS after the return). Approval itself is the chain's gate."""
    grace = datetime.timedelta(days=settings.TRAVEL_RETURN_REMINDER_DAYS)
    end = min(period_to, timezone.localdate())
    trips = (
        TravelRequest.objects.filter(
            return_date__gte=period_from,
            return_date__lte=end - grace,
            status__in=(TravelRequest.Status.APPROVED, TravelRequest.Status.COMPLETED),
        )
        .select_related("employee")
        .order_by("return_date", "pk")
    )
    short = []
    for trip in trips:
        chased_on = trip.return_date + grace
        reasons = []
        if trip.briefed_on is None or trip.briefed_on > trip.departure:
            reasons.append(_("not briefed before leaving"))
        reported = _local_day(trip.return_reported_at)
        if reported is None or reported >= chased_on:
            reasons.append(_("return report late or missing"))
        if trip.return_talk_on is None or trip.return_talk_on >= chased_on:
            reasons.append(_("return talk late or missing"))
        if reasons:
            label = f"{trip.employee} · {trip.return_date} · {'；'.join(reasons)}"
            short.append(Shortfall(label, reverse("clearance:travel_detail", args=[trip.pk])))
    return short


@measure("major_events")
def major_events(period_from, period_to) -> list[Shortfall]:
    """Major personal events reported in the period that the security office had not
    reviewed by its end. (An event never reported leaves no record to count.) No name in
    the label: a suspected leak may be reported with the reporter's identity hidden."""
    end = min(period_to, timezone.localdate())
    reports = MajorEventReport.objects.filter(**within_days("reported_at", period_from, end))
    late = [
        report
        for report in reports.order_by("reported_at", "pk")
        if report.reviewed_at is None or _local_day(report.reviewed_at) > end
    ]
    return [
        Shortfall(
            f"{report.get_kind_display()} · {_local_day(report.reported_at)} · "
            + _("not reviewed"),
            reverse("clearance:report_list"),
        )
        for report in late
    ]


def _trained_text(day: datetime.date | None) -> str:
    if day is None:
        return _("no pre-post training passed")
    return _("pre-post training passed on %(day)s") % {"day": day}


def _resignation(resignation: Resignation, detail: str = "") -> Shortfall:
    label = f"{resignation.employee}" + (f" · {detail}" if detail else "")
    return Shortfall(label, reverse("offboarding:resignation_detail", args=[resignation.pk]))


@measure("decryption_recorded")
def decryption_recorded(period_from, period_to) -> list[Shortfall]:
    """Classified staff whose leaving was approved in the period without a decryption period
    recorded (with its supervising unit)."""
    recorded = DecryptionPeriod.objects.filter(resignation=OuterRef("pk")).exclude(
        supervising_unit=""
    )
    missing = (
        Resignation.objects.filter(
            approved_on__gte=period_from,
            approved_on__lte=period_to,
            status__in=(Resignation.Status.EXIT, Resignation.Status.COMPLETED),
            employee__tier__in=CLASSIFIED_TIERS,
        )
        .exclude(Exists(recorded))
        .select_related("employee")
        .order_by("approved_on", "pk")
    )
    return [
        _resignation(
            resignation, _("leaving approved on %(day)s") % {"day": resignation.approved_on}
        )
        for resignation in missing
    ]


@measure("departures_complete")
def departures_complete(period_from, period_to) -> list[Shortfall]:
    """Departures whose last day fell in the period (and has passed) without the departure
    checklist closed, every item signed, by that day."""
    today = timezone.localdate()
    leaving = (
        Resignation.objects.filter(
            last_day__gte=period_from,
            last_day__lte=min(period_to, today - datetime.timedelta(days=1)),
            status__in=(Resignation.Status.EXIT, Resignation.Status.COMPLETED),
        )
        .select_related("employee", "checklist")
        .order_by("last_day", "pk")
    )
    short = []
    for resignation in leaving:
        checklist = getattr(resignation, "checklist", None)
        closed = _local_day(checklist.closed_at) if checklist else None
        if closed is None or closed > resignation.last_day:
            detail = _("last day %(day)s") % {"day": resignation.last_day}
            short.append(_resignation(resignation, detail))
    return short


@measure("loans_returned")
def loans_returned(period_from, period_to) -> list[Shortfall]:
    """Archive loans due in the period that came back after their due date, or are still out
    past it."""
    today = timezone.localdate()
    loans = (
        Loan.objects.filter(
            due_date__gte=period_from,
            due_date__lte=period_to,
            status__in=(Loan.Status.OUT, Loan.Status.OVERDUE, Loan.Status.RETURNED),
        )
        .filter(Q(returned_at__isnull=False) | Q(due_date__lt=today))
        .select_related("borrower")
        .order_by("due_date", "pk")
    )
    short = []
    for loan in loans:
        returned = _local_day(loan.returned_at)
        if (returned or today) > loan.due_date:
            # No item title: the pack is marked for personnel facts, not the archive's.
            due = _("due %(day)s") % {"day": loan.due_date}
            label = f"{loan} · {loan.borrower} · {due}"
            short.append(Shortfall(label, reverse("archives:loan_detail", args=[loan.pk])))
    return short
