from django.urls import path

from . import audit_views, views

app_name = "reports"

# Mounted at /reports/ beside audit's pages (the access log, notifications, backups).
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<slug:slug>/export/", views.export_request, name="export_request"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("exports/<int:pk>/retry/", views.export_retry, name="export_retry"),
    path("access-log.xlsx", audit_views.access_log_xlsx, name="access_log_xlsx"),
    path("access-log.pdf", audit_views.access_log_pdf, name="access_log_pdf"),
    path("change-history.xlsx", audit_views.change_history_xlsx, name="change_history_xlsx"),
    path("change-history.pdf", audit_views.change_history_pdf, name="change_history_pdf"),
]
