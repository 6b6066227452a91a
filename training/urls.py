from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("assign-monthly/", views.assign_monthly_now, name="assign_monthly"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("sessions/<int:pk>/attendance/", views.attendance_mark, name="attendance_mark"),
    path("sessions/<int:pk>/scores/", views.scores_record, name="scores_record"),
    path("pre-post/", views.pre_post_assign, name="pre_post_assign"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance.pdf", views.compliance_pdf, name="compliance_pdf"),
    path("compliance.xlsx", views.compliance_xlsx, name="compliance_xlsx"),
]
