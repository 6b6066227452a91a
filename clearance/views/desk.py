"""The security office's desk (C6, C7, C9, P7): what waits for them, on one page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from core.access import require

from ..selectors import (
    clearances_ending,
    documents_out,
    incidents_open,
    major_events_to_review,
    reviews_due,
    trips_to_handle,
)
from ..services import incidents, travel


@login_required
def desk(request):
    user, today = request.user, timezone.localdate()
    require(user.has_perm("clearance.change_travelrequest"))
    open_incidents = [(i, incidents.next_deadline(i)) for i in incidents_open(user)]
    open_incidents.sort(key=lambda pair: (pair[1] is None, pair[1] or timezone.now()))
    out = documents_out().select_related("document__employee", "travel")
    return render(
        request,
        "clearance/desk.html",
        {
            "trips": _trips_to_handle(*trips_to_handle(user, today)),
            "reports": major_events_to_review(user),
            "incidents": open_incidents,
            "now": timezone.now(),
            "reviews": reviews_due(user, today),
            "ending": clearances_ending(user, today),
            "documents_out": [(h, travel.is_overdue(h, today)) for h in out],
        },
    )


def _trips_to_handle(deciding, unbriefed, returned) -> list[tuple]:
    """(trip, waits for this user, what is missing): the decisions first, then briefings
    still unconfirmed, then returns owing their report or talk."""
    return (
        [(t, True, "" if t.briefing_done else "briefing") for t in deciding]
        + [(t, False, "briefing") for t in unbriefed]
        + [(t, False, "return") for t in returned]
    )
