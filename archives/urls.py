from django.urls import path

from . import loan_views, request_views, views

app_name = "archives"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/missing/", views.item_missing, name="item_missing"),
    path("missing/<int:pk>/found/", views.missing_found, name="missing_found"),
    path("requests/", request_views.request_list, name="request_list"),
    path("requests/new/", request_views.request_create, name="request_create"),
    path("requests/outsider/", request_views.request_outsider, name="request_outsider"),
    path("requests/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("requests/<int:pk>/decide/", request_views.request_decide, name="request_decide"),
    path("requests/<int:pk>/close/", request_views.request_close, name="request_close"),
    path("loans/", loan_views.loan_list, name="loan_list"),
    path("loans/new/", loan_views.loan_create, name="loan_create"),
    path("loans/<int:pk>/", loan_views.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/decide/", loan_views.loan_decide, name="loan_decide"),
    path("loans/<int:pk>/hand-out/", loan_views.loan_hand_out, name="loan_hand_out"),
    path("loans/<int:pk>/return/", loan_views.loan_return, name="loan_return"),
    path("register.pdf", loan_views.register_pdf, name="register_pdf"),
]
