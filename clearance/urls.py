from django.urls import path

from core.pickers import search_view

from .pickers import PICKERS
from .views import desk, grants, incidents, inspections, major_events, travel, violations

app_name = "clearance"

urlpatterns = [
    path("pick/<slug:name>/", search_view(PICKERS), name="pick"),
    path("grants/", grants.grant_list, name="grant_list"),
    path("grants/export.xlsx", grants.grant_list_xlsx, name="grant_list_xlsx"),
    path("grants/new/", grants.grant_create, name="grant_create"),
    path("grants/<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/decide/", grants.grant_decide, name="grant_decide"),
    path("reviews/", grants.review_list, name="review_list"),
    path("reviews/bulk/", grants.review_bulk, name="review_bulk"),
    path("reports/", major_events.report_list, name="report_list"),
    path("reports/new/", major_events.report_create, name="report_create"),
    path("reports/<int:pk>/review/", major_events.report_review, name="report_review"),
    path("violations/", violations.violation_list, name="violation_list"),
    path("violations.pdf", violations.violation_register_pdf, name="violation_register_pdf"),
    path("violations/export.xlsx", violations.violation_list_xlsx, name="violation_list_xlsx"),
    path("violations/new/", violations.violation_create, name="violation_create"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/export.xlsx", incidents.incident_list_xlsx, name="incident_list_xlsx"),
    path("incidents/new/", incidents.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/update/", incidents.incident_update, name="incident_update"),
    path("incidents/<int:pk>/close/", incidents.incident_close, name="incident_close"),
    path("incidents.pdf", incidents.incident_register_pdf, name="incident_register_pdf"),
    path("desk/", desk.desk, name="desk"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/start/", inspections.inspection_start, name="inspection_start"),
    path("inspections/<int:pk>/finish/", inspections.inspection_finish, name="inspection_finish"),
    path("inspections/<int:pk>/findings/", inspections.finding_add, name="finding_add"),
    path("findings/<int:pk>/rectify/", inspections.finding_rectify, name="finding_rectify"),
    path("findings/<int:pk>/verify/", inspections.finding_verify, name="finding_verify"),
    path("travel/", travel.travel_list, name="travel_list"),
    path("travel/export.xlsx", travel.travel_list_xlsx, name="travel_list_xlsx"),
    path("travel/new/", travel.travel_create, name="travel_create"),
    path("travel/<int:pk>/", travel.travel_detail, name="travel_detail"),
    path("travel/<int:pk>/decide/", travel.travel_decide, name="travel_decide"),
    path("travel/<int:pk>/briefing/", travel.travel_briefing, name="travel_briefing"),
    path("travel/<int:pk>/confirm/", travel.travel_confirm, name="travel_confirm"),
    path(
        "travel/<int:pk>/return-report/", travel.travel_return_report, name="travel_return_report"
    ),
    path("travel/<int:pk>/return-talk/", travel.travel_return_talk, name="travel_return_talk"),
    path("travel-restrictions.pdf", travel.travel_restrictions_pdf, name="travel_restrictions_pdf"),
    path("passports/", travel.passport_list, name="passport_list"),
    path("passports/new/", travel.passport_create, name="passport_create"),
    path("passports/<int:pk>/hand-out/", travel.passport_hand_out, name="passport_hand_out"),
    path(
        "passports/hand-outs/<int:pk>/return/", travel.passport_take_back, name="passport_take_back"
    ),
]
