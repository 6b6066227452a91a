from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.assessment_index, name="index"),
    path("pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("items/<int:pk>/", views.item_shortfalls, name="item_shortfalls"),
    path("standard/", views.standard_list, name="standard_list"),
    path("standard/add/", views.standard_item_add, name="standard_item_add"),
    path("standard/<int:pk>/edit/", views.standard_item_edit, name="standard_item_edit"),
    path("standard/<int:pk>/switch/", views.standard_item_switch, name="standard_item_switch"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/save/", views.run_save, name="run_save"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/items/<int:index>/", views.run_item_shortfalls, name="run_item_shortfalls"),
]
