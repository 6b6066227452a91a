from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("access-log/", views.access_log, name="access_log"),
    path("change-history/", views.change_history, name="change_history"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("backups/", views.backup_list, name="backup_list"),
    path("backups/now/", views.backup_now, name="backup_now"),
]
