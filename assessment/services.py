"""Saving a self-assessment run: the figures as computed now, by whom, for which period."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import require
from core.errors import DomainError

from .models import AssessmentRun
from .selectors import assessment_compute, may_save


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
