"""The security office's desk (C6, C7, C9, P7): what waits for them, on one page."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from approvals.selectors import steps_waiting_for
from core.access import require

from ..models import Clearance, Incident, TravelRequest
from ..selectors import (
    documents_out,
    reviews_due,
    visible_clearances,
    visible_incidents,
    visible_major_events,
    visible_travel_requests,
)
from ..services import incidents, travel


@login_required
def desk(request):
    user, today = request.user, timezone.localdate()
    require(user.has_perm("clearance.change_travelrequest"))
    waiting = steps_waiting_for(user).filter(chain__kind=TravelRequest.CHAIN_KIND)
    trips = visible_travel_requests(user)
    open_incidents = [
        (i, incidents.next_deadline(i))
        for i in visible_incidents(user).filter(status=Incident.Status.OPEN)
    ]
    open_incidents.sort(key=lambda pair: (pair[1] is None, pair[1] or timezone.now()))
    horizon = today + datetime.timedelta(days=settings.CLEARANCE_WARNING_DAYS)
    out = documents_out().select_related("document__employee", "travel")
    return render(
        request,
        "clearance/desk.html",
        {
            "trips": _trips_to_handle(trips, waiting, today),
            "reports": visible_major_events(user).filter(reviewed_at__isnull=True),
            "incidents": open_incidents,
            "now": timezone.now(),
            "reviews": reviews_due(user, today),
            "ending": visible_clearances(user).filter(
                status=Clearance.Status.GRANTED, valid_until__gte=today, valid_until__lte=horizon
            ),
            "documents_out": [(h, travel.is_overdue(h, today)) for h in out],
        },
    )


def _trips_to_handle(trips, waiting, today) -> list[tuple]:
    """(trip, waits for this user, what is missing): the decisions first, then briefings
    still unconfirmed, then returns owing their report or talk."""
    deciding = list(trips.filter(chain__steps__in=waiting).distinct())
    unbriefed = trips.filter(
        status=TravelRequest.Status.REQUESTED, traveller_confirmed_at__isnull=True
    ).exclude(pk__in=[t.pk for t in deciding])
    returned = trips.filter(status=TravelRequest.Status.APPROVED, return_date__lt=today)
    return (
        [(t, True, "" if t.briefing_done else "briefing") for t in deciding]
        + [(t, False, "briefing") for t in unbriefed]
        + [(t, False, "return") for t in returned]
    )
