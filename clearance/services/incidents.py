"""Leak incidents and whistle-blowing (P7) with their legal clocks; the A6 hook. The clocks'
warnings are sent by `sweeps`."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded as _save
from core.dates import add_months, shifted
from core.errors import DomainError
from core.notifications import notify
from core.people import person_name
from core.transitions import transition
from personnel.models import DossierEntry, Employee
from personnel.roles import Role, has_role, role_members
from personnel.services.people import dossier_entry_add

from ..models import Incident

AUTHORITY_HOURS = 24  # State Council Decree 786 Art. 61
RESULT_MONTHS = 3


def authority_due(incident) -> datetime.datetime:
    return shifted(incident.discovered_at, datetime.timedelta(hours=AUTHORITY_HOURS))


def result_due(incident) -> datetime.date:
    """Three calendar months after the day of discovery in Asia/Shanghai (clamped to the
    month's end: 30 Nov → 28 Feb)."""
    return add_months(timezone.localtime(incident.discovered_at).date(), RESULT_MONTHS)


def reporters_shown_to(user):
    """Who reported an incident, as this user may see it: a hidden identity only for
    `security`. Returns a function of the incident, so a list asks about the user once."""
    sees_hidden = has_role(user, Role.SECURITY_OFFICER)

    def reporter(incident) -> str:
        if incident.hide_identity and not sees_hidden:
            return _("(identity hidden at the reporter's request)")
        return person_name(incident.reported_by)

    return reporter


@transaction.atomic
def incident_report(
    *, actor, title, description, discovered_at, hide_identity=False, source=Incident.Source.REPORT
) -> Incident:
    """Anyone signed in may report a suspected leak; `security` is told at once."""
    if discovered_at > timezone.now():
        raise DomainError(_("The discovery cannot lie in the future."))
    incident = Incident(
        title=title.strip(),
        description=description.strip(),
        discovered_at=discovered_at,
        hide_identity=hide_identity,
        reported_by=actor,
        source=source,
    )
    _save(incident, actor)
    notify(
        recipients=role_members(Role.SECURITY_OFFICER),
        subject=_("Suspected leak reported: %(title)s") % {"title": incident.title},
        link=reverse("clearance:incident_detail", args=[incident.pk]),
        dedupe_key=f"incident:{incident.pk}:opened",
    )
    return incident


def incident_for_missing_item(*, actor, item_title: str, missing_since) -> Incident:
    """A6: the archives open an incident for a classified item missing too long."""
    return incident_report(
        actor=actor,
        title=_("Missing classified item: %(item)s") % {"item": item_title},
        description=_("Missing since %(day)s and not found in time.") % {"day": missing_since},
        discovered_at=timezone.now(),
        source=Incident.Source.MISSING_ITEM,
    )


def _require_officer(actor) -> None:
    if not actor.has_perm("clearance.change_incident"):
        raise PermissionDenied


@transaction.atomic
def incident_update(*, actor, incident, **facts) -> Incident:
    """The security office records measures, the report to the authority and the result."""
    _require_officer(actor)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == Incident.Status.CLOSED:
        raise DomainError(_("The incident is closed."))
    allowed = {"remedial_measures", "authority_reported_at", "result"}
    for name, value in facts.items():
        if name not in allowed:
            raise DomainError(_("Field “%(field)s” cannot be changed here.") % {"field": name})
        setattr(incident, name, value)
    if facts.get("result") and incident.result_at is None:
        incident.result_at = timezone.now()
    _save(incident, actor)
    return incident


@transaction.atomic
def incident_close(*, actor, incident, reward: bool = False) -> Incident:
    _require_officer(actor)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.result.strip():
        raise DomainError(_("An incident cannot be closed without its investigation result."))
    if reward and incident.source != Incident.Source.REPORT:
        raise DomainError(_("Only a confirmed whistle-blow can be marked for reward."))
    transition(incident, Incident.Status.CLOSED)
    incident.reward = reward
    _save(incident, actor)
    if reward:
        _reward_in_dossier(actor, incident)
    return incident


def _reward_in_dossier(actor, incident) -> None:
    """P4: the reward stands in the whistle-blower's dossier. The line names no incident:
    who reads a dossier need not learn what was reported."""
    employee = Employee.objects.filter(user_id=incident.reported_by_id).first()
    if employee is None:
        return
    dossier_entry_add(
        actor=actor,
        employee=employee,
        kind=DossierEntry.Kind.REWARD,
        occurred_on=timezone.localdate(),
        title=_("Reward for a confirmed whistle-blow"),
        check=False,
    )


def clocks(incident):
    """(name, label, due, done, warn before) of each legal clock of the incident."""
    result_deadline = timezone.make_aware(
        datetime.datetime.combine(result_due(incident), datetime.time(23, 59, 59))
    )
    return [
        (
            "authority",
            _("Report to the secrecy authority"),
            authority_due(incident),
            incident.authority_reported_at is not None,
            datetime.timedelta(hours=6),
        ),
        (
            "result",
            _("Investigation result"),
            result_deadline,
            bool(incident.result.strip()),
            datetime.timedelta(days=14),
        ),
    ]


def next_deadline(incident) -> datetime.datetime | None:
    """The nearest deadline not met yet, for ordering the desk."""
    pending = [due for _name, _label, due, done, _warn in clocks(incident) if not done]
    return min(pending) if pending else None
