from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.access import require

from . import services


def _can_unlock(user) -> bool:
    return user.has_perm("axes.delete_accessattempt")


@login_required
def lock_list(request):
    require(_can_unlock(request.user))
    locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    return render(request, "accounts/lock_list.html", {"locked": locked.order_by("-attempt_time")})


@login_required
@require_POST
def unlock(request):
    require(_can_unlock(request.user))
    username = request.POST.get("username", "")[:150]
    services.account_unlock(actor=request.user, username=username, request=request)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": username})
    return redirect("accounts:lock_list")
