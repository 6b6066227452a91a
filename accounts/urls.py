from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("locks/", views.lock_list, name="lock_list"),
    path("locks/unlock/", views.unlock, name="unlock"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
]
