from django.urls import path

from personnel.views import imports

from . import views

app_name = "onboarding"

urlpatterns = [
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/export.xlsx", views.candidate_list_xlsx, name="candidate_list_xlsx"),
    path("candidates/new/", views.candidate_create, name="candidate_create"),
    path(
        "candidates/import/",
        imports.import_upload,
        {"kind": "candidates"},
        name="candidate_import",
    ),
    path(
        "candidates/import/template.xlsx",
        imports.import_template,
        {"kind": "candidates"},
        name="candidate_import_template",
    ),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/vetting/", views.vetting_record, name="vetting_record"),
    path("candidates/<int:pk>/hire/", views.candidate_hire, name="candidate_hire"),
    path("candidates/<int:pk>/cv/", views.candidate_cv, name="candidate_cv"),
    path("candidates/<int:pk>/application.pdf", views.application_pdf, name="application_pdf"),
    path(
        "employees/<int:employee_pk>/appointment/",
        views.appointment_request,
        name="appointment_request",
    ),
    path("employees/<int:employee_pk>/take-up-post/", views.post_take_up, name="post_take_up"),
    path("employees/<int:employee_pk>/transfer/", views.transfer_request, name="transfer_request"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/decide/", views.transfer_decide, name="transfer_decide"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/decide/", views.appointment_decide, name="appointment_decide"),
]
