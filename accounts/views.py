from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from core.access import require
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from core.people import names_of

from . import lockout, services, two_factor

SEARCH_LENGTH = 100


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


# --- Second factor: the account's own pages -------------------------------------------------


@login_required
def otp_needed(request):
    """Where an account that needs a second factor and has none waits: its password alone
    does not let it enrol."""
    user = request.user
    if user.is_verified() or not two_factor.required_for(user):
        return redirect("dashboard")
    if two_factor.enrolled(user):
        return redirect("accounts:otp_verify")
    return render(request, "accounts/otp_needed.html")


def _link_refused(request):
    return render(request, "accounts/otp_needed.html", {"link_refused": True}, status=404)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request, link):
    """Set up the authenticator with an enrolment link: scan the QR code, confirm with the
    first code."""
    user = request.user
    if two_factor.enrolled(user):
        return redirect("accounts:otp_verify")
    if not two_factor.enrolment_link_usable(user=user, token=link):
        return _link_refused(request)
    device = two_factor.pending_device(user)
    if request.method == "POST":
        code = request.POST.get("token", "")
        try:
            codes = two_factor.enrol_confirm(user=user, token=link, code=code)
        except DomainError:
            return _link_refused(request)
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
    if not two_factor.enrolled(request.user):
        return redirect("accounts:otp_needed")
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


# --- Second factor: the security administrator's pages -------------------------------------


def _can_manage(user) -> bool:
    return user.has_perm(two_factor.MANAGE)


@login_required
def second_factor_list(request):
    require(_can_manage(request.user))
    q = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    state = request.GET.get("state", "")
    accounts = two_factor.accounts_needing(q=q, state=state)
    page, query = paginate(request, accounts, settings.EMPLOYEES_PER_PAGE)
    names = names_of(account.pk for account in page)
    rows = [(account, names.get(account.pk, ""), two_factor.state_of(account)) for account in page]
    return render(
        request,
        "accounts/second_factor_list.html",
        {
            "page": page,
            "query": query,
            "rows": rows,
            "q": q,
            "state": state,
            "states": two_factor.State,
            "hours": settings.ENROLMENT_LINK_HOURS,
        },
    )


def _needing_or_404(pk):
    return get_object_or_404(two_factor.accounts_needing(), pk=pk)


@never_cache
@login_required
@require_POST
def enrolment_link_issue(request, pk):
    require(_can_manage(request.user))
    account = _needing_or_404(pk)
    try:
        token = two_factor.enrolment_link_issue(actor=request.user, user=account)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:second_factor_list")
    url = request.build_absolute_uri(reverse("accounts:otp_enrol", args=[token]))
    name = names_of([account.pk]).get(account.pk, "")
    return render(
        request,
        "accounts/enrolment_link.html",
        {"account": account, "name": name, "url": url, "hours": settings.ENROLMENT_LINK_HOURS},
    )


@login_required
@require_POST
def second_factor_reset(request, pk):
    require(_can_manage(request.user))
    account = _needing_or_404(pk)
    run_with_message(
        request,
        lambda: two_factor.second_factor_reset(actor=request.user, user=account),
        _("The second factor of %(name)s is reset: the account needs a new enrolment link.")
        % {"name": account.get_username()},
    )
    return redirect("accounts:second_factor_list")
