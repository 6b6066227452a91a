from django.urls import path

from core.pickers import search_view

from .pickers import PICKERS
from .views import catalogue, destruction, inspections, loans, missing, reading, statistics

app_name = "archives"

urlpatterns = [
    path("pick/<slug:name>/", search_view(PICKERS), name="pick"),
    path("items/", catalogue.item_list, name="item_list"),
    path("items/new/", catalogue.item_create, name="item_create"),
    path("items/<int:pk>/", catalogue.item_detail, name="item_detail"),
    path("items/<int:pk>/remove/", catalogue.item_remove, name="item_remove"),
    path("items/<int:pk>/missing/", missing.item_missing, name="item_missing"),
    path("missing/<int:pk>/found/", missing.missing_found, name="missing_found"),
    path("requests/", reading.request_list, name="request_list"),
    path("requests/new/", reading.request_create, name="request_create"),
    path("requests/outsider/", reading.request_outsider, name="request_outsider"),
    path("requests/for-employee/", reading.request_for_employee, name="request_for_employee"),
    path("requests/<int:pk>/", reading.request_detail, name="request_detail"),
    path("requests/<int:pk>/letter/", reading.request_letter, name="request_letter"),
    path("requests/<int:pk>/decide/", reading.request_decide, name="request_decide"),
    path("requests/<int:pk>/close/", reading.request_close, name="request_close"),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/export.xlsx", loans.loan_list_xlsx, name="loan_list_xlsx"),
    path("loans/new/", loans.loan_create, name="loan_create"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/decide/", loans.loan_decide, name="loan_decide"),
    path("loans/<int:pk>/hand-out/", loans.loan_hand_out, name="loan_hand_out"),
    path("loans/<int:pk>/return/", loans.loan_return, name="loan_return"),
    path("register.pdf", loans.register_pdf, name="register_pdf"),
    path("register.xlsx", loans.register_xlsx, name="register_xlsx"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/record/", inspections.inspection_record, name="inspection_record"),
    path("inspections/<int:pk>/finish/", inspections.inspection_finish, name="inspection_finish"),
    path("inspection-findings/<int:pk>/repair/", inspections.finding_repair, name="finding_repair"),
    path("destructions/", destruction.destruction_list, name="destruction_list"),
    path("items/<int:pk>/destroy/", destruction.destruction_propose, name="destruction_propose"),
    path("destructions/<int:pk>/", destruction.destruction_detail, name="destruction_detail"),
    path(
        "destructions/<int:pk>/decide/", destruction.destruction_decide, name="destruction_decide"
    ),
    path(
        "destructions/<int:pk>/record/", destruction.destruction_record, name="destruction_record"
    ),
    path("statistics/", statistics.statistics_list, name="statistics_list"),
    path("statistics/<int:pk>/", statistics.statistics_detail, name="statistics_detail"),
    path("statistics/<int:pk>/decide/", statistics.statistics_decide, name="statistics_decide"),
    path("statistics/<int:pk>/issue/", statistics.statistics_issue, name="statistics_issue"),
    path("statistics/<int:pk>.pdf", statistics.statistics_pdf, name="statistics_pdf"),
]
