"""Saving a self-assessment run (the figures as computed now, by whom, for which period) and
keeping the standard."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit.history import save_recorded
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
    *, actor, item: StandardItem, title: str, points: int, deduction: int
) -> StandardItem:
    """The security office keeps the standard: an item's wording, points and deduction per
    record."""
    require(may_change_standard(actor))
    item = StandardItem.objects.select_for_update().get(pk=item.pk)
    item.title, item.points, item.deduction = title, points, deduction
    save_recorded(item, actor)
    return item


@transaction.atomic
def standard_item_add(
    *, actor, section: str, code: str, title: str, points: int, deduction: int, measure: str
) -> StandardItem:
    """An item the office adds to the standard counts at once, measured by one of the
    product's measures (an item nothing measures would score full marks unexamined)."""
    require(may_change_standard(actor))
    if measure not in MEASURES:
        raise DomainError(_("Choose one of the measures the product has."))
    code = code.strip()
    taken = DomainError(_("An item with the code %(code)s exists already.") % {"code": code})
    if StandardItem.objects.filter(code=code).exists():
        raise taken
    section = section.strip()
    last = StandardItem.objects.filter(section=section).aggregate(last=Max("order"))["last"]
    item = StandardItem(
        section=section,
        code=code,
        title=title.strip(),
        points=points,
        deduction=deduction,
        measure=measure,
        order=(last or 0) + 1,
        active=True,
    )
    try:
        with transaction.atomic():
            save_recorded(item, actor)
    except IntegrityError:  # the same code added at the same moment: told, not a 500
        raise taken from None
    return item


@transaction.atomic
def standard_item_switch(*, actor, item: StandardItem, active: bool) -> StandardItem:
    """Switch an item on (it counts in the sheet and the total) or off. An item whose
    measure the product lacks cannot be switched on, so nothing unmeasured scores full
    marks."""
    require(may_change_standard(actor))
    item = StandardItem.objects.select_for_update().get(pk=item.pk)
    if active and item.measure not in MEASURES:
        raise DomainError(_("This item has no measure yet, so it cannot count."))
    if item.active != active:
        item.active = active
        save_recorded(item, actor)
    return item
