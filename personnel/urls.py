from django.urls import path

from . import account_views, views

app_name = "personnel"

urlpatterns = [
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/new/", views.employee_create, name="employee_create"),
    path("employees/roster.pdf", views.roster_pdf, name="roster_pdf"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("employees/<int:pk>/agreements/new/", views.agreement_add, name="agreement_add"),
    path("employees/<int:pk>/dossier/new/", views.dossier_add, name="dossier_add"),
    path("agreements/<int:pk>/scan/", views.agreement_scan, name="agreement_scan"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<int:pk>/head/", views.department_head_edit, name="department_head_edit"),
    path("roles/", account_views.role_list, name="role_list"),
    path("roles/<int:pk>/", account_views.role_edit, name="role_edit"),
    path("account-events/", account_views.account_events, name="account_events"),
    path("account-events.pdf", account_views.account_events_pdf, name="account_events_pdf"),
]
