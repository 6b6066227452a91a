"""Saving a self-assessment run (the figures as computed now, by whom, for which period) and
keeping the standard."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import require
from core.errors import DomainError

from .measures import MEASURES
from .models import AssessmentRun, StandardItem
from .selectors import assessment_compute, may_change_standard, may_save


@transaction.atomic
def assessment_run_save(
    *, actor, period_from: datetime.date, period_to: datetime.date
) -> AssessmentRun:
    require(may_save(actor))
    if period_from > period_to:
        raise DomainError(_("The period ends before it starts."))
    assessment = assessment_compute(period_from=period_from, period_to=period_to)
    run = AssessmentRun(
        run_by=actor,
        period_from=period_from,
        period_to=period_to,
        points=assessment.points,
        score=assessment.score,
        figures=[result.figures() for result in assessment.results],
    )
    run._history_user = actor
    run.save()
    return run


@transaction.atomic
def standard_item_update(
    *, actor, item: StandardItem, title: str, points: int, deduction: int, active: bool
) -> StandardItem:
    """The security office keeps the standard: an item's wording, points, deduction per
    record and whether it counts. An item whose measure the product lacks cannot be
    switched on, so nothing unmeasured scores full marks."""
    require(may_change_standard(actor))
    item = StandardItem.objects.select_for_update().get(pk=item.pk)
    if active and item.measure not in MEASURES:
        raise DomainError(_("This item has no measure yet, so it cannot count."))
    item.title, item.points, item.deduction, item.active = title, points, deduction, active
    item._history_user = actor
    item.save()
    return item
