from django.contrib import admin
from django.urls import include, path

from audit.views import healthz

from .views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("security/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("personnel/", include("personnel.urls")),
    path("reports/", include("reports.urls")),
    path("reports/", include("audit.urls")),
    path("approvals/", include("approvals.urls")),
    path("offboarding/", include("offboarding.urls")),
    path("training/", include("training.urls")),
    path("clearance/", include("clearance.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("archives/", include("archives.urls")),
    path("exams/", include("exams.urls")),
    path("assessment/", include("assessment.urls")),
]
