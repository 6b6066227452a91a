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
    path("sessions/<int:pk>/results/", views.session_results, name="session_results"),
    path("pre-post/", views.pre_post_assign, name="pre_post_assign"),
    path("pre-post/people/", views.pre_post_list, name="pre_post_list"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance.pdf", views.compliance_pdf, name="compliance_pdf"),
    path("compliance.xlsx", views.compliance_xlsx, name="compliance_xlsx"),
    path("people/<int:pk>/", views.person_training, name="person"),
    path("appraisal/", views.appraisal_view, name="appraisal"),
    path("appraisal.xlsx", views.appraisal_xlsx, name="appraisal_xlsx"),
    path("awareness/", views.awareness_assign, name="awareness_assign"),
]
