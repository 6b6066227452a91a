"""What a user sees of clearance's records in the change history (audit.changes): what
each record's own selector shows them, and never a whistle-blower's name to who may not
see it (the reporter of an incident filed with a hidden identity)."""

from django.db.models import F, Q

from audit.changes import HistoryScope, history_scope_register

from .models import (
    Clearance,
    DocumentHandout,
    Incident,
    MajorEventReport,
    PeriodicReview,
    TravelDocument,
    TravelRequest,
    Violation,
)
from .selectors import (
    visible_clearances,
    visible_incidents,
    visible_major_events,
    visible_reviews,
    visible_travel_documents,
    visible_travel_requests,
    visible_violations,
)

SCOPES = {
    Clearance: HistoryScope(visible=visible_clearances),
    PeriodicReview: HistoryScope(visible=visible_reviews),
    Incident: HistoryScope(
        visible=visible_incidents,
        hidden_actor=Q(hide_identity=True, history_user_id=F("reported_by_id")),
    ),
    Violation: HistoryScope(visible=visible_violations),
    MajorEventReport: HistoryScope(
        visible=visible_major_events, hidden_actor=Q(incident__hide_identity=True)
    ),
    TravelRequest: HistoryScope(visible=visible_travel_requests),
    TravelDocument: HistoryScope(visible=visible_travel_documents),
    DocumentHandout: HistoryScope(visible=visible_travel_documents, path="document_id"),
}
for model, scope in SCOPES.items():
    history_scope_register(model, scope)
