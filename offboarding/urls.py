from django.urls import path

from core.pickers import search_view

from . import views
from .pickers import PICKERS

app_name = "offboarding"

urlpatterns = [
    path("pick/<slug:name>/", search_view(PICKERS), name="pick"),
    path("resignations/", views.resignation_list, name="resignation_list"),
    path("resignations/new/", views.resignation_create, name="resignation_create"),
    path("resignations/export.xlsx", views.resignation_list_xlsx, name="resignation_list_xlsx"),
    path("resignations/register.pdf", views.register_pdf, name="register_pdf"),
    path("resignations/<int:pk>/", views.resignation_detail, name="resignation_detail"),
    path("resignations/<int:pk>/decide/", views.resignation_decide, name="resignation_decide"),
    path(
        "resignations/<int:pk>/withdraw/", views.resignation_withdraw, name="resignation_withdraw"
    ),
    path("resignations/<int:pk>/close-checklist/", views.checklist_close, name="checklist_close"),
    path(
        "resignations/<int:pk>/early-reason/",
        views.checklist_early_reason,
        name="checklist_early_reason",
    ),
    path("resignations/<int:pk>/checklist.pdf", views.checklist_pdf, name="checklist_pdf"),
    path(
        "resignations/<int:pk>/leaving-documents.pdf",
        views.leaving_documents_pdf,
        name="leaving_documents_pdf",
    ),
    path("checklist-items/<int:pk>/sign/", views.checklist_item_sign, name="checklist_item_sign"),
]
