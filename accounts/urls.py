from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("locks/", views.lock_list, name="lock_list"),
    path("locks/unlock/", views.unlock, name="unlock"),
    path("otp/needed/", views.otp_needed, name="otp_needed"),
    path("otp/enrol/<str:link>/", views.otp_enrol, name="otp_enrol"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("second-factor/", views.second_factor_list, name="second_factor_list"),
    path("second-factor/<int:pk>/link/", views.enrolment_link_issue, name="enrolment_link_issue"),
    path("second-factor/<int:pk>/reset/", views.second_factor_reset, name="second_factor_reset"),
]
