"""The daily deadline sweep (F10). Idempotent by data: every notification has a dedupe key,
every state change checks the state first, so a second run the same day does nothing."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalStep
from approvals.selectors import step_deciders
from core.notifications import notify
from personnel.models import Employee
from personnel.roles import Role, role_members

from .models import ChecklistItem, DecryptionPeriod, Resignation
from .services import login_deactivate


def sweep_deadlines(*, actor, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "step_reminders": _remind_waiting_steps(today),
        "escalations": _escalate_waiting_steps(today),
        "last_day_warnings": _warn_last_days(today),
        "decryption_announced": _announce_decryption_ends(today),
        "decryption_ended": _end_decryption_periods(actor, today),
        "logins_deactivated": logins_deactivate_due(actor=actor, today=today),
    }


def _link(resignation_id) -> str:
    return reverse("offboarding:resignation_detail", args=[resignation_id])


def _waiting_steps(today, days):
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.max)
    )
    return ApprovalStep.objects.filter(
        status=ApprovalStep.Status.PENDING,
        chain__kind=Resignation.CHAIN_KIND,
        reached_at__lte=cutoff,
    ).select_related("chain")


def _remind_waiting_steps(today) -> int:
    sent = 0
    for step in _waiting_steps(today, settings.APPROVAL_REMIND_AFTER_DAYS):
        sent += notify(
            recipients=step_deciders(step),
            subject=_("Reminder: %(title)s waits for your approval") % {"title": step.chain.title},
            body=_("Step “%(step)s” has been waiting since %(since)s.")
            % {"step": step.name, "since": timezone.localtime(step.reached_at).date()},
            link=_link(step.chain.subject_id),
            dedupe_key=f"offboarding:remind:{step.pk}:{today}",
        )
    return sent


def _escalate_waiting_steps(today) -> int:
    sent = 0
    for step in _waiting_steps(today, settings.APPROVAL_ESCALATE_AFTER_DAYS):
        sent += notify(
            recipients=role_members(Role.HR),
            subject=_("Escalation: %(title)s is stuck") % {"title": step.chain.title},
            body=_("Step “%(step)s” has waited more than %(days)s days.")
            % {"step": step.name, "days": settings.APPROVAL_ESCALATE_AFTER_DAYS},
            link=_link(step.chain.subject_id),
            dedupe_key=f"offboarding:escalate:{step.pk}",
        )
    return sent


def _warn_last_days(today) -> int:
    horizon = today + datetime.timedelta(days=settings.LAST_DAY_WARNING_DAYS)
    open_exits = Resignation.objects.filter(
        status=Resignation.Status.EXIT, checklist__closed_at__isnull=True, last_day__lte=horizon
    ).select_related("employee__department__head__user")
    hr = role_members(Role.HR)
    sent = 0
    for resignation in open_exits:
        head = resignation.employee.department.head
        recipients = [*hr, head.user if head else None]
        if resignation.last_day >= today:
            subject = _("Last day %(day)s is near and the departure checklist is open")
            key = f"offboarding:last-day-near:{resignation.pk}"
        else:
            subject = _("Last day %(day)s has passed and the departure checklist is open")
            key = f"offboarding:last-day-passed:{resignation.pk}:{today}"
        sent += notify(
            recipients=recipients,
            subject=subject % {"day": resignation.last_day.isoformat()},
            body=str(resignation),
            link=_link(resignation.pk),
            dedupe_key=key,
        )
    return sent


def _announce_decryption_ends(today) -> int:
    horizon = today + datetime.timedelta(days=settings.DECRYPTION_ANNOUNCE_DAYS)
    ending = DecryptionPeriod.objects.filter(
        ended_on__isnull=True, ends_on__gt=today, ends_on__lte=horizon
    ).select_related("employee__user")
    sent = 0
    for period in ending:
        sent += notify(
            recipients=[period.employee.user, *role_members(Role.HR, Role.SECURITY_OFFICER)],
            subject=_("Decryption period of %(name)s ends on %(day)s")
            % {"name": period.employee.name, "day": period.ends_on.isoformat()},
            link=_link(period.resignation_id),
            dedupe_key=f"offboarding:decryption-ending:{period.pk}",
            include_inactive=True,
        )
    return sent


def _end_decryption_periods(actor, today) -> int:
    ended = 0
    for period_id in DecryptionPeriod.objects.filter(
        ended_on__isnull=True, ends_on__lte=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            period = DecryptionPeriod.objects.select_for_update().get(pk=period_id)
            if period.ended_on:
                continue
            period.ended_on = today
            period._history_user = actor
            period.save()
            notify(
                recipients=[period.employee.user, *role_members(Role.HR, Role.SECURITY_OFFICER)],
                subject=_("Decryption period of %(name)s has ended")
                % {"name": period.employee.name},
                link=_link(period.resignation_id),
                dedupe_key=f"offboarding:decryption-ended:{period.pk}",
                include_inactive=True,
            )
            ended += 1
    return ended


def logins_deactivate_due(*, actor, today: datetime.date | None = None) -> int:
    """C1: logins whose access item is signed and whose last day is over are switched off."""
    # A few seconds ahead, so the run queued for 23:59:59 of the last day counts that day.
    due_before = today or (timezone.localtime() + datetime.timedelta(seconds=5)).date()
    due = Employee.objects.filter(
        user__is_active=True,
        resignations__status__in=Resignation.OPEN + (Resignation.Status.COMPLETED,),
        resignations__last_day__lt=due_before,
        resignations__checklist__items__kind=ChecklistItem.Kind.ACCESS_REVOKED,
        resignations__checklist__items__signed_at__isnull=False,
    ).distinct()
    count = 0
    for employee in due:
        login_deactivate(actor=actor, employee=employee)
        count += 1
    return count
