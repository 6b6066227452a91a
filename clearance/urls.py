from django.urls import path

from . import incident_views, major_event_views, views, violation_views

app_name = "clearance"

urlpatterns = [
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/decide/", views.grant_decide, name="grant_decide"),
    path("reviews/", views.review_list, name="review_list"),
    path("reports/", major_event_views.report_list, name="report_list"),
    path("reports/new/", major_event_views.report_create, name="report_create"),
    path("reports/<int:pk>/review/", major_event_views.report_review, name="report_review"),
    path("violations/", violation_views.violation_list, name="violation_list"),
    path("violations/new/", violation_views.violation_create, name="violation_create"),
    path("incidents/", incident_views.incident_list, name="incident_list"),
    path("incidents/new/", incident_views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incident_views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/update/", incident_views.incident_update, name="incident_update"),
    path("incidents/<int:pk>/close/", incident_views.incident_close, name="incident_close"),
    path("incidents.pdf", incident_views.incident_register_pdf, name="incident_register_pdf"),
]
