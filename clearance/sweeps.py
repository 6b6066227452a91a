"""The clearance app's periodic work, called by `tasks`: clearances ending and overdue
inspection findings (daily), the incident clocks and the travel reminders (hourly).
Idempotent by state and by the notifications' dedupe keys: a second run sends and changes
nothing."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import shifted
from core.notifications import notify
from personnel.roles import Role, role_members

from .models import Clearance, Incident, TravelRequest
from .selectors import documents_out, reviews_due
from .services.grants import clearance_expire
from .services.incidents import clocks
from .services.inspections import inspection_url, overdue_findings
from .services.travel import due_back, travel_url


def sweep_deadlines(*, now: datetime.datetime | None = None) -> int:
    """Hourly: the incident clocks (warned hours ahead) and the travel reminders (deduplicated
    per day, so they still come once a day)."""
    now = now or timezone.now()
    return incident_clocks(now=now) + travel_reminders(today=timezone.localdate(now))


# Clearances --------------------------------------------------------------------------------


def expire_clearances(*, actor, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: mark ended clearances expired (history) and warn a week before the end.
    Whether a clearance counts never waits for this task (selectors check the dates)."""
    today = today or timezone.localdate()
    expired = 0
    ended = Clearance.objects.filter(status=Clearance.Status.GRANTED, valid_until__lt=today)
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            clearance = Clearance.objects.select_for_update().get(pk=pk)
            if clearance.status != Clearance.Status.GRANTED:
                continue
            clearance_expire(actor=actor, clearance=clearance, on=today)
            expired += 1
    return {
        "expired": expired,
        "warned": _warn_ending(today),
        "reviews_listed": _list_reviews(today),
    }


def _list_reviews(today) -> int:
    """C7: the security office and each head hear which reviews are due (once a week)."""
    readers = role_members(Role.SECURITY_OFFICER, Role.DEPT_HEAD)
    year, week, _day = today.isocalendar()
    sent = 0
    for reader in readers:
        due = reviews_due(reader, today)
        if due:
            sent += notify(
                recipients=[reader],
                subject=_("%(n)s periodic reviews are due") % {"n": len(due)},
                body="、".join(person.name for person, _due_on in due[:50]),
                link=reverse("clearance:review_list"),
                dedupe_key=f"clearance:reviews-due:{year}-{week}",
            )
    return sent


def _warn_ending(today) -> int:
    horizon = today + datetime.timedelta(days=settings.CLEARANCE_WARNING_DAYS)
    security = role_members(Role.SECURITY_OFFICER)
    sent = 0
    ending = Clearance.objects.filter(
        status=Clearance.Status.GRANTED, valid_until__gte=today, valid_until__lte=horizon
    ).select_related("employee__user")
    for clearance in ending:
        sent += notify(
            recipients=[clearance.employee.user, *security],
            subject=_("%(what)s ends on %(day)s")
            % {"what": clearance, "day": clearance.valid_until},
            link=reverse("clearance:grant_detail", args=[clearance.pk]),
            dedupe_key=f"clearance:ending:{clearance.pk}",
        )
    return sent


# Incidents ---------------------------------------------------------------------------------


def incident_clocks(*, now: datetime.datetime | None = None) -> int:
    """Warn `security` and `gm` before and after each deadline, once per deadline and side."""
    now = now or timezone.now()
    readers = role_members(Role.SECURITY_OFFICER, Role.GM)
    sent = 0
    for incident in Incident.objects.filter(status=Incident.Status.OPEN):
        for name, label, due, done, warn_before in clocks(incident):
            if done:
                continue
            side = "late" if now > due else ("soon" if now > shifted(due, -warn_before) else None)
            if side:
                state = _("missed") if side == "late" else _("due soon")
                sent += notify(
                    recipients=readers,
                    subject=_("%(deadline)s for “%(title)s”: %(state)s")
                    % {"deadline": label, "title": incident.title, "state": state},
                    body=_("Due %(due)s.") % {"due": _fmt(due)},
                    link=reverse("clearance:incident_detail", args=[incident.pk]),
                    dedupe_key=f"incident:{incident.pk}:{name}:{side}",
                )
    return sent


def _fmt(due) -> str:
    if isinstance(due, datetime.datetime):
        return timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    return due.isoformat()


# Travel ------------------------------------------------------------------------------------


def travel_reminders(*, today: datetime.date | None = None) -> int:
    """Once a day per person and item: chase missing return reports and talks from the
    third day after the return, and overdue documents from the fifth."""
    today = today or timezone.localdate()
    officers = role_members(Role.SECURITY_OFFICER)
    return _chase_returns(today, officers) + _chase_documents(today, officers)


def _chase_returns(today, officers) -> int:
    sent = 0
    chase_from = today - datetime.timedelta(days=settings.TRAVEL_RETURN_REMINDER_DAYS)
    for travel in TravelRequest.objects.filter(
        status=TravelRequest.Status.APPROVED, return_date__lte=chase_from
    ).select_related("employee__user"):
        sent += notify(
            recipients=[travel.employee.user, *officers],
            subject=_("Back from %(destination)s: the return report and talk are due")
            % {"destination": travel.destination},
            body=_(
                "Returned %(day)s. File the return report; the security office records the "
                "return talk."
            )
            % {"day": travel.return_date},
            link=travel_url(travel),
            dedupe_key=f"travel:{travel.pk}:return:{today}",
        )
    return sent


def _chase_documents(today, officers) -> int:
    sent = 0
    overdue_since = today - datetime.timedelta(days=settings.TRAVEL_DOCUMENT_DUE_DAYS)
    for handout in (
        documents_out()
        .filter(travel__return_date__lte=overdue_since)
        .select_related("document__employee__user", "travel")
    ):
        holder = handout.document.employee
        sent += notify(
            recipients=[holder.user, *officers],
            subject=_("Overdue: %(name)s's %(document)s is not back in custody")
            % {"name": holder.name, "document": handout.document},
            body=_("Due back %(day)s.") % {"day": due_back(handout)},
            link=reverse("clearance:passport_list"),
            dedupe_key=f"passport:{handout.pk}:overdue:{today}",
        )
    return sent


# Inspection findings -----------------------------------------------------------------------


def finding_reminders(*, today: datetime.date | None = None) -> int:
    """Daily (R3): each open finding past its date is chased with its owner and the security
    office, once a day."""
    today = today or timezone.localdate()
    officers = role_members(Role.SECURITY_OFFICER)
    sent = 0
    for finding in overdue_findings(today).select_related("owner__user", "inspection__department"):
        sent += notify(
            recipients=[finding.owner.user, *officers],
            subject=_("Overdue rectification: %(department)s, “%(finding)s”")
            % {"department": finding.inspection.department.name, "finding": finding},
            body=_("Due %(day)s; responsible: %(name)s.")
            % {"day": finding.due_on, "name": finding.owner.name},
            link=inspection_url(finding.inspection),
            dedupe_key=f"clearance:finding:{finding.pk}:overdue:{today}",
        )
    return sent
