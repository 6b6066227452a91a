"""Training's periodic work: the monthly assignment (T2) and the daily sweep (overdue marking,
reminders in the month's last week, heads told who is overdue). Idempotent by state, unique
constraints and notification keys."""

import calendar
import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.access import require_perm
from core.notifications import notify
from core.transitions import transition
from personnel.models import CLASSIFIED_TIERS, DossierEntry, Employee
from personnel.services import people as personnel

from .models import Assignment, MonthlyRun, TrainingKind
from .services import current_month, month_start


def monthly_audience(month: datetime.date):
    """Active classified staff (and, if the settings say so, those in their decryption
    period); never someone whose login was switched off."""
    active = Employee.objects.filter(
        tier__in=CLASSIFIED_TIERS,
        status__in=[Employee.Status.ACTIVE, Employee.Status.RESIGNING],
    )
    if settings.TRAINING_INCLUDE_DECRYPTION:
        active = active | Employee.objects.filter(
            status=Employee.Status.DEPARTED, decryption_ends_on__gte=month
        )
    return active.exclude(user__is_active=False)


def assign_monthly(*, actor, month: datetime.date | None = None) -> dict[str, int]:
    """Assign the month's education to everyone in the audience, once.

    A lock row per month serialises concurrent runs; the unique constraint backs it up.
    Bulk, with history rows written in bulk too.
    """
    month = month_start(month or current_month())
    with transaction.atomic():
        MonthlyRun.objects.get_or_create(month=month)
        run = MonthlyRun.objects.select_for_update().get(month=month)
        audience = set(monthly_audience(month).values_list("pk", flat=True))
        existing = set(
            Assignment.objects.filter(month=month, kind=TrainingKind.MONTHLY).values_list(
                "employee_id", flat=True
            )
        )
        new = [
            Assignment(employee_id=pk, kind=TrainingKind.MONTHLY, month=month)
            for pk in sorted(audience - existing)
        ]
        bulk_create_with_history(new, Assignment, batch_size=2000, default_user=actor)
        run.runs += 1
        run.last_run_at = timezone.now()
        run._history_user = actor
        run.save()
    return {"assigned": len(new), "already": len(audience & existing)}


def assign_awareness(*, actor, department=None) -> dict[str, int]:
    """HR assigns this month's awareness activity (a lecture, a film, a quiz week) to all
    classified staff, or to one department's, at once. Who already has it this month is
    counted, not refused."""
    require_perm(actor, "training.add_assignment")
    month = current_month()
    with transaction.atomic():
        audience = monthly_audience(month)
        if department is not None:
            audience = audience.filter(department=department)
        # Locked in one order, as for the pre-post training in bulk: two clerks assigning
        # at once wait for each other.
        people = list(
            audience.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True)
        )
        had = set(
            Assignment.objects.filter(
                employee__in=people, kind=TrainingKind.AWARENESS, month=month
            ).values_list("employee_id", flat=True)
        )
        new = [
            Assignment(employee_id=pk, kind=TrainingKind.AWARENESS, month=month)
            for pk in people
            if pk not in had
        ]
        bulk_create_with_history(new, Assignment, batch_size=2000, default_user=actor)
    return {"assigned": len(new), "already": len(had)}


# --- The daily sweep ---------------------------------------------------------------------


def sweep_reminders(*, actor, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "overdue_marked": _mark_overdue(actor, today),
        "reminded": _remind_unfinished(today),
        "heads_told": _tell_heads(today),
    }


@transaction.atomic
def _mark_overdue(actor, today) -> int:
    """A month's education not done by its end is overdue, and stays in the dossier (P4)."""
    late = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            kind=TrainingKind.MONTHLY,
            month__lt=month_start(today),
            status=Assignment.Status.ASSIGNED,
        )
        .select_related("employee")
    )
    for assignment in late:
        transition(assignment, Assignment.Status.OVERDUE)
    bulk_update_with_history(late, Assignment, ["status"], batch_size=2000, default_user=actor)
    personnel.dossier_entries_add_bulk(
        actor=actor,
        entries=[
            DossierEntry(
                employee=a.employee,
                kind=DossierEntry.Kind.TRAINING,
                occurred_on=_month_end(a.month),
                title=_("Monthly confidentiality education %(month)s not done")
                % {"month": f"{a.month:%Y-%m}"},
            )
            for a in late
        ],
    )
    return len(late)


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _remind_unfinished(today) -> int:
    month = month_start(today)
    if (_month_end(month) - today).days >= settings.TRAINING_REMINDER_DAYS:
        return 0
    unfinished = Assignment.objects.filter(
        kind=TrainingKind.MONTHLY, month=month, status=Assignment.Status.ASSIGNED
    ).select_related("employee__user")
    sent = 0
    for assignment in unfinished:
        sent += notify(
            recipients=[assignment.employee.user],
            subject=_("Reminder: this month's confidentiality education is not done yet"),
            body=_("Please attend before %(day)s.") % {"day": _month_end(month).isoformat()},
            link=reverse("training:overview"),
            dedupe_key=f"training:remind:{assignment.pk}:{today}",
        )
    return sent


def _tell_heads(today) -> int:
    """Heads hear, once a month, who in their department missed last month's education."""
    previous = month_start(month_start(today) - datetime.timedelta(days=1))
    overdue = Assignment.objects.filter(
        kind=TrainingKind.MONTHLY, month=previous, status=Assignment.Status.OVERDUE
    ).select_related("employee__department__head__user")
    by_department = defaultdict(list)
    for assignment in overdue:
        by_department[assignment.employee.department].append(assignment.employee.name)
    sent = 0
    for department, names in by_department.items():
        head = department.head
        sent += notify(
            recipients=[head.user if head else None],
            subject=_("Overdue confidentiality education in %(dept)s (%(month)s)")
            % {"dept": department.name, "month": f"{previous:%Y-%m}"},
            body="、".join(sorted(names)),
            link=reverse("training:compliance") + f"?month={previous:%Y-%m}",
            dedupe_key=f"training:overdue:{department.pk}:{previous:%Y-%m}",
        )
    return sent
