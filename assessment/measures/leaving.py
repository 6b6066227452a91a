"""The measures on leaving and returning: decryption periods, departure checklists and
archive loans."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archives.models import Loan
from offboarding.models import DecryptionPeriod, Resignation
from personnel.models import CLASSIFIED_TIERS

from .registry import Shortfall, local_day, measure


def _resignation(resignation: Resignation, detail: str = "") -> Shortfall:
    label = f"{resignation.employee}" + (f" · {detail}" if detail else "")
    return Shortfall(label, reverse("offboarding:resignation_detail", args=[resignation.pk]))


@measure("decryption_recorded", gettext_lazy("Decryption periods recorded"))
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


@measure("departures_complete", gettext_lazy("Departure checklists closed by the last day"))
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
        closed = local_day(checklist.closed_at) if checklist else None
        if closed is None or closed > resignation.last_day:
            detail = _("last day %(day)s") % {"day": resignation.last_day}
            short.append(_resignation(resignation, detail))
    return short


@measure("loans_returned", gettext_lazy("Archive loans returned on time"))
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
        returned = local_day(loan.returned_at)
        if (returned or today) > loan.due_date:
            # No item title: the pack is marked for personnel facts, not the archive's.
            due = _("due %(day)s") % {"day": loan.due_date}
            label = f"{loan} · {loan.borrower} · {due}"
            short.append(Shortfall(label, reverse("archives:loan_detail", args=[loan.pk])))
    return short
