"""Sampling for inspectors (T1–T6): the security office draws a random sample of classified
staff and sends them a published exam.

The sampled are seated with `sampled` set and no assignment; the seats' history rows record
who drew them and when. Anyone already seated in the exam is not drawn again.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.access import require_perm
from core.errors import DomainError
from core.notifications import notify
from personnel.models import CLASSIFIED_TIERS, Employee

from ..models import Exam, Seat

_random = random.SystemRandom()  # nobody can foresee who will be drawn
BATCH = 1000


@dataclass(frozen=True)
class SampleSize:
    """How many to draw: a count, or a percentage of the classified staff (rounded up);
    per department when `per_department` (then of each department)."""

    count: int | None = None
    percent: int | None = None
    per_department: bool = False

    def of(self, available: int) -> int:
        if self.count is not None:
            return self.count
        return math.ceil(available * (self.percent or 0) / 100)


def classified_staff() -> QuerySet:
    """Who may be drawn: active employees with a classified tier."""
    return Employee.objects.filter(status=Employee.Status.ACTIVE, tier__in=CLASSIFIED_TIERS)


def _pool(exam: Exam, department=None) -> list[tuple[int, int]]:
    seated = Seat.objects.filter(exam=exam).values("employee_id")
    staff = classified_staff().exclude(pk__in=seated)
    if department is not None:
        staff = staff.filter(department=department)
    return list(staff.order_by("pk").values_list("pk", "department_id"))


def _draw(pool: list[tuple[int, int]], size: SampleSize) -> list[int]:
    if not size.per_department:
        wanted = size.of(len(pool))
        if wanted > len(pool):
            raise DomainError(
                _("Only %(n)s classified staff can be drawn: ask for fewer.") % {"n": len(pool)}
            )
        return [pk for pk, _department in _random.sample(pool, wanted)]
    by_department = defaultdict(list)
    for pk, department in pool:
        by_department[department].append(pk)
    drawn = []
    for people in by_department.values():  # a small department gives everyone it has
        drawn += _random.sample(people, min(size.of(len(people)), len(people)))
    return drawn


@transaction.atomic
def sample_draw(*, actor, exam: Exam, size: SampleSize, department=None) -> list[Seat]:
    """Draw the sample and seat it in the exam; the sampled are told in the app."""
    require_perm(actor, "exams.draw_sample")
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.PUBLISHED:
        raise DomainError(_("A sample is drawn for a published exam."))
    if exam.closes_at <= timezone.now():
        raise DomainError(_("This exam has closed: draw the sample for an open one."))
    if not (size.count or size.percent):
        raise DomainError(_("Give how many people to draw, or what percentage."))
    drawn = _draw(_pool(exam, department), size)
    if not drawn:
        raise DomainError(_("Nobody is left to draw: every classified person is seated."))
    seats = [Seat(exam=exam, employee_id=pk, sampled=True) for pk in sorted(drawn)]
    drawn_at = timezone.now()
    for seat in seats:  # one moment for the whole draw: its history rows tell it apart
        seat._history_date = drawn_at
    bulk_create_with_history(seats, Seat, batch_size=BATCH, default_user=actor)
    _tell(exam, drawn)
    return seats


def _tell(exam: Exam, employee_ids: list[int]) -> None:
    try:
        link = reverse("exams:mine")
    except NoReverseMatch:  # the sitting pages are not installed
        link = ""
    users = [e.user for e in Employee.objects.filter(pk__in=employee_ids).select_related("user")]
    notify(
        recipients=users,
        subject=_("You have been chosen to sit the exam “%(title)s”") % {"title": exam.title},
        body=_("Open between %(opens)s and %(closes)s.")
        % {
            "opens": f"{timezone.localtime(exam.opens_at):%Y-%m-%d %H:%M}",
            "closes": f"{timezone.localtime(exam.closes_at):%Y-%m-%d %H:%M}",
        },
        link=link,
        dedupe_key=f"exam-sample:{exam.pk}",
    )
