from django.urls import path

from . import views

app_name = "clearance"

urlpatterns = [
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/decide/", views.grant_decide, name="grant_decide"),
    path("reviews/", views.review_list, name="review_list"),
]
