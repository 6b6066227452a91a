from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from audit.access import require
from audit.feedback import run_with_message

from . import lockout, services, two_factor


def _can_unlock(user) -> bool:
    return user.has_perm("axes.delete_accessattempt")


@login_required
def lock_list(request):
    require(_can_unlock(request.user))
    return render(
        request,
        "accounts/lock_list.html",
        {
            "addresses": lockout.locked_addresses(),
            "accounts": lockout.locked_accounts(),
            "address_limit": settings.AXES_FAILURE_LIMIT,
            "account_limit": settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def unlock(request):
    require(_can_unlock(request.user))
    address = request.POST.get("ip_address", "").strip()[:45]
    username = request.POST.get("username", "")[:150]
    run_with_message(
        request,
        lambda: services.lock_end(
            actor=request.user, ip_address=address, username=username, request=request
        ),
        _("%(name)s unlocked.") % {"name": address or username},
    )
    return redirect("accounts:lock_list")


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request):
    """Set up the authenticator: scan the QR code, confirm with the first code."""
    if two_factor.enrolled(request.user):
        return redirect("accounts:otp_verify")
    device = two_factor.pending_device(request.user)
    if request.method == "POST":
        codes = two_factor.enrol_confirm(request.user, device, request.POST.get("token", ""))
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        messages.error(request, _("The code is not right. Check the time on your phone."))
    return render(
        request,
        "accounts/otp_enrol.html",
        {"qr": two_factor.qr_svg(device), "secret": b32encode(device.bin_key).decode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if request.method == "POST":
        device = two_factor.verify(request.user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        messages.error(request, _("The code is not right, or was already used."))
    return render(request, "accounts/otp_verify.html", {"next": request.GET.get("next", "")})


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target or "/"
    return "/"
