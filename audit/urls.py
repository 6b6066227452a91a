from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("access-log/", views.access_log, name="access_log"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("backups/", views.backup_list, name="backup_list"),
    path("backups/now/", views.backup_now, name="backup_now"),
    path("<slug:slug>/export/", views.export_request, name="export_request"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("exports/<int:pk>/retry/", views.export_retry, name="export_retry"),
]
