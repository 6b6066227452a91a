"""The security office's registers through audit's PDF pipeline (C6, P6, P7)."""

from django.utils.translation import gettext_lazy as _

from reports.registry import Report, register

INCIDENTS = Report(
    slug="incidents",
    title=_("Incident register"),
    description=_("Leak incidents with their deadlines; hidden reporters stay hidden."),
    permission="clearance.view_incident",
    url_name="clearance:incident_register_pdf",
)
VIOLATIONS = Report(
    slug="violations",
    title=_("Violations register"),
    description=_("Violations with the measure proposed by the rule and the one taken."),
    permission="clearance.view_violation",
    url_name="clearance:violation_register_pdf",
)
RESTRICTIONS = Report(
    slug="travel-restrictions",
    title=_("People under travel restriction"),
    description=_(
        "Core and important staff and people in their decryption period, with the "
        "restriction's end, for filing with the exit-entry authority."
    ),
    permission="clearance.view_traveldocument",
    url_name="clearance:travel_restrictions_pdf",
)
for report in (INCIDENTS, VIOLATIONS, RESTRICTIONS):
    register(report)
