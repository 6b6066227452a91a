"""The home page: what the signed-in person must do today (config sits above every app)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .home import home_sections


@login_required
def dashboard(request):
    return render(request, "dashboard.html", {"sections": home_sections(request.user)})
