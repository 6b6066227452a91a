"""The measures on the security office's registers: trips abroad, major events, violations
and leak incidents."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clearance.models import Incident, MajorEventReport, TravelRequest, Violation
from clearance.services.incidents import clocks
from clearance.services.violations import LADDER, SEVERE, WEIGHS_AS
from core.dates import within_days

from .registry import Shortfall, employee_shortfall, local_day, measure


@measure("travel_approved", gettext_lazy("Trips abroad briefed and reported on return"))
def travel_approved(period_from, period_to) -> list[Shortfall]:
    """Trips abroad that returned in the period: briefed before leaving, and the return
    report filed and the return talk held before the day clearance starts chasing them
    (TRAVEL_RETURN_REMINDER_DAYS after the return). Approval itself is the chain's gate."""
    grace = datetime.timedelta(days=settings.TRAVEL_RETURN_REMINDER_DAYS)
    end = min(period_to, timezone.localdate())
    trips = (
        TravelRequest.objects.filter(
            return_date__gte=period_from,
            return_date__lte=end - grace,
            status__in=(TravelRequest.Status.APPROVED, TravelRequest.Status.COMPLETED),
        )
        .select_related("employee")
        .order_by("return_date", "pk")
    )
    short = []
    for trip in trips:
        chased_on = trip.return_date + grace
        reasons = []
        if trip.briefed_on is None or trip.briefed_on > trip.departure:
            reasons.append(_("not briefed before leaving"))
        reported = local_day(trip.return_reported_at)
        if reported is None or reported >= chased_on:
            reasons.append(_("return report late or missing"))
        if trip.return_talk_on is None or trip.return_talk_on >= chased_on:
            reasons.append(_("return talk late or missing"))
        if reasons:
            label = f"{trip.employee} · {trip.return_date} · {'；'.join(reasons)}"
            short.append(Shortfall(label, reverse("clearance:travel_detail", args=[trip.pk])))
    return short


@measure("major_events", gettext_lazy("Major events reviewed"))
def major_events(period_from, period_to) -> list[Shortfall]:
    """Major personal events reported in the period that the security office had not
    reviewed by its end. (An event never reported leaves no record to count.) No name in
    the label: a suspected leak may be reported with the reporter's identity hidden."""
    end = min(period_to, timezone.localdate())
    reports = MajorEventReport.objects.filter(**within_days("reported_at", period_from, end))
    late = [
        report
        for report in reports.order_by("reported_at", "pk")
        if report.reviewed_at is None or local_day(report.reviewed_at) > end
    ]
    return [
        Shortfall(
            f"{report.get_kind_display()} · {local_day(report.reported_at)} · " + _("not reviewed"),
            reverse("clearance:report_list"),
        )
        for report in late
    ]


@measure("violations_handled", gettext_lazy("Violations and leak incidents handled by the rules"))
def violations_handled(period_from, period_to) -> list[Shortfall]:
    """Violations in the period whose measure is not the one the rule gives on the whole
    record and has no reason recorded; then leak incidents with a legal clock missed."""
    return _violations_off_rule(period_from, period_to) + _incidents_late(period_from, period_to)


def _rule_measure(kind: str, earlier: list[str]) -> str:
    """clearance's rule (`violations.measure_propose`), on measures already read: a first
    offence a warning, a repeat the step after the heaviest earlier one, a severe kind at
    least a demerit."""
    step = LADDER.index(Violation.Measure.WARNING)
    weights = [WEIGHS_AS.get(taken, taken) for taken in earlier]
    steps = [LADDER.index(weight) for weight in weights if weight in LADDER]
    if steps:
        step = max(steps) + 1
    if kind in SEVERE:
        step = max(step, LADDER.index(Violation.Measure.DEMERIT))
    return LADDER[min(step, len(LADDER) - 1)]


def _violations_off_rule(period_from, period_to) -> list[Shortfall]:
    """The rule proposes a measure from the offences recorded before; one recorded out of
    order (an older offence entered after a newer one) leaves the newer one's measure below
    what the whole record calls for. A measure other than the rule's stands only with its
    reason recorded, as clearance demands when it is recorded."""
    violations = list(
        Violation.objects.filter(occurred_on__gte=period_from, occurred_on__lte=period_to)
        .select_related("employee")
        .order_by("occurred_on", "pk")
    )
    if not violations:
        return []
    window = datetime.timedelta(days=30 * settings.VIOLATION_WINDOW_MONTHS)
    record = list(
        Violation.objects.filter(
            employee__in={violation.employee_id for violation in violations},
            occurred_on__gte=period_from - window,
            occurred_on__lte=period_to,
        ).values_list("pk", "employee_id", "occurred_on", "measure")
    )
    short = []
    for violation in violations:
        earlier = [
            taken
            for pk, employee_id, day, taken in record
            if employee_id == violation.employee_id
            and violation.occurred_on - window <= day
            and (day, pk) < (violation.occurred_on, violation.pk)
        ]
        rule = _rule_measure(violation.kind, earlier)
        if violation.measure == rule or violation.override_reason.strip():
            continue
        taken = violation.get_measure_display() if violation.measure else "—"
        detail = _("measure “%(taken)s” where the rule gives “%(rule)s”, no reason recorded") % {
            "taken": taken,
            "rule": Violation.Measure(rule).label,
        }
        label = f"{violation.get_kind_display()} · {violation.occurred_on} · {detail}"
        short.append(employee_shortfall(violation.employee, label))
    return short


def _incidents_late(period_from, period_to) -> list[Shortfall]:
    """Leak incidents whose legal clock (clearance's: the report to the secrecy authority
    within 24 hours, the investigation result within 3 months) ran out in the period, or ran
    out before it and was still unmet when the period began, and was not met in time. No
    title and no reporter in the label: a title may name a missing item, a reporter may
    have asked to stay hidden."""
    start = timezone.make_aware(datetime.datetime.combine(period_from, datetime.time.min))
    judged_until = min(
        timezone.now(), start + datetime.timedelta(days=(period_to - period_from).days + 1)
    )
    incidents = (
        Incident.objects.filter(**within_days("discovered_at", None, period_to))
        .exclude(authority_reported_at__lt=start, result_at__lt=start)
        .order_by("discovered_at", "pk")
    )
    short = []
    for incident in incidents:
        done_at = {
            "authority": incident.authority_reported_at,
            "result": incident.result_at if incident.result.strip() else None,
        }
        missed = [
            _("%(clock)s late or missing") % {"clock": label}
            for name, label, due, _done, _warn in clocks(incident)
            if due < judged_until
            and (due >= start or done_at[name] is None or done_at[name] >= start)
            and (done_at[name] is None or done_at[name] > due)
        ]
        if missed:
            discovered = _("discovered %(day)s") % {"day": local_day(incident.discovered_at)}
            label = f"{Incident._meta.verbose_name} {incident.pk} · {discovered} · " + "；".join(
                missed
            )
            short.append(Shortfall(label, reverse("clearance:incident_detail", args=[incident.pk])))
    return short
