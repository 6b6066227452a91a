"""Violations and penalties (P6): the proposed measure follows the rule, and another
measure needs a recorded reason."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from audit.history import save_recorded
from core.errors import DomainError
from personnel.models import DossierEntry
from personnel.services.people import dossier_entry_add

from ..models import Violation

Measure = Violation.Measure
LADDER = [
    Measure.CRITICISM,
    Measure.WARNING,
    Measure.DEMERIT,
    Measure.DEMOTION,
    Measure.REMOVAL,
    Measure.DISMISSAL,
]
# Off the ladder, chosen with a reason: a fine weighs as a demerit when the next offence is
# judged; legal liability as the heaviest step.
WEIGHS_AS = {Measure.FINE: Measure.DEMERIT, Measure.LEGAL_LIABILITY: Measure.DISMISSAL}
# The kinds that are severe whatever the record: escalated to at least a demerit.
SEVERE = {Violation.Kind.LEAK_DELIBERATE, Violation.Kind.SELF_RAISED_RIGHTS}


def measure_propose(employee, kind: str, occurred_on: datetime.date) -> str:
    """A first minor offence → warning; a repeat within the window → the next measure after
    the heaviest one before; a severe kind → at least a demerit."""
    window_start = occurred_on - datetime.timedelta(days=30 * settings.VIOLATION_WINDOW_MONTHS)
    earlier = Violation.objects.filter(
        employee=employee, occurred_on__gte=window_start, occurred_on__lte=occurred_on
    )
    step = LADDER.index(Violation.Measure.WARNING)
    if earlier.exists():
        heaviest = max(
            LADDER.index(WEIGHS_AS.get(m, m)) for m in earlier.values_list("measure", flat=True)
        )
        step = heaviest + 1
    if kind in SEVERE:
        step = max(step, LADDER.index(Violation.Measure.DEMERIT))
    return LADDER[min(step, len(LADDER) - 1)]


@transaction.atomic
def violation_record(
    *, actor, employee, kind, occurred_on, facts, measure=None, override_reason=""
) -> Violation:
    if not actor.has_perm("clearance.add_violation"):
        raise PermissionDenied
    proposed = measure_propose(employee, kind, occurred_on)
    measure = measure or proposed
    if measure != proposed and not override_reason.strip():
        raise DomainError(
            _("The rule proposes “%(proposed)s”; another measure needs a recorded reason.")
            % {"proposed": Violation.Measure(proposed).label}
        )
    violation = Violation(
        employee=employee,
        kind=kind,
        occurred_on=occurred_on,
        facts=facts.strip(),
        proposed_measure=proposed,
        measure=measure,
        override_reason=override_reason.strip(),
        recorded_by=actor,
    )
    save_recorded(violation, actor)
    for dossier_kind, title in [
        (DossierEntry.Kind.VIOLATION, violation.get_kind_display()),
        (DossierEntry.Kind.PENALTY, violation.get_measure_display()),
    ]:
        dossier_entry_add(
            actor=actor,
            employee=employee,
            kind=dossier_kind,
            occurred_on=occurred_on,
            title=title,
            detail=violation.facts,
            check=False,
        )
    return violation
