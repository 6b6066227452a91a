from django.urls import path

from core.pickers import search_view

from .pickers import PICKERS
from .views import accounts, imports, org, people, reports

app_name = "personnel"

urlpatterns = [
    path("pick/<slug:name>/", search_view(PICKERS), name="pick"),
    path("employees/", people.employee_list, name="employee_list"),
    path("employees/new/", people.employee_create, name="employee_create"),
    path("employees/roster.pdf", people.roster_pdf, name="roster_pdf"),
    path("employees/export.xlsx", people.employee_list_xlsx, name="employee_list_xlsx"),
    path(
        "employees/import/",
        imports.import_upload,
        {"kind": "employees"},
        name="employee_import",
    ),
    path(
        "employees/import/template.xlsx",
        imports.import_template,
        {"kind": "employees"},
        name="employee_import_template",
    ),
    path("employees/<int:pk>/", people.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", people.employee_edit, name="employee_edit"),
    path("employees/<int:pk>/agreements/new/", people.agreement_add, name="agreement_add"),
    path("employees/<int:pk>/dossier/new/", people.dossier_add, name="dossier_add"),
    path("employees/<int:pk>/dossier.pdf", reports.dossier_pdf, name="dossier_pdf"),
    path("employees/<int:pk>/agreements/", people.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/scan/", people.agreement_scan, name="agreement_scan"),
    path(
        "agreements/<int:pk>/scan/upload/",
        people.agreement_scan_upload,
        name="agreement_scan_upload",
    ),
    path("agreements/", reports.agreement_register, name="agreement_register"),
    path("agreements/register.pdf", reports.agreement_register_pdf, name="agreement_register_pdf"),
    path(
        "agreements/register.xlsx",
        reports.agreement_register_xlsx,
        name="agreement_register_xlsx",
    ),
    path("departments/", org.department_list, name="department_list"),
    path("departments/new/", org.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", org.department_edit, name="department_edit"),
    path("departments/<int:pk>/head/", org.department_head_edit, name="department_head_edit"),
    path("departments/<int:pk>/delete/", org.department_delete, name="department_delete"),
    path("departments/import/", imports.import_upload, {"kind": "org"}, name="org_import"),
    path(
        "departments/import/template.xlsx",
        imports.import_template,
        {"kind": "org"},
        name="org_import_template",
    ),
    path("positions/", org.position_list, name="position_list"),
    path("positions/new/", org.position_create, name="position_create"),
    path("positions/<int:pk>/edit/", org.position_edit, name="position_edit"),
    path("positions/<int:pk>/delete/", org.position_delete, name="position_delete"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("roles/", accounts.role_list, name="role_list"),
    path("roles/<int:pk>/", accounts.role_edit, name="role_edit"),
    path("roles/<int:pk>/access-period/", accounts.access_period_edit, name="access_period_edit"),
    path("account-events/", accounts.account_events, name="account_events"),
    path("account-events.pdf", accounts.account_events_pdf, name="account_events_pdf"),
]
