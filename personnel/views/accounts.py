"""The security administrator's roles page and the security auditor's record of account
changes (C10). Roles are personnel's (personnel.roles); granting them is accounts'."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import AccountEvent
from accounts.services import access_period_set, roles_set
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_form
from core.pages import paginate
from core.params import query_form
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows

from ..account_forms import AccessPeriodForm, AccountEventFilterForm, RolesForm
from ..reports import ACCOUNT_EVENTS
from ..roles import DERIVED_ROLES, ROLE_LABELS

User = get_user_model()


def _accounts():
    return User.objects.select_related("employee", "access_period").prefetch_related("groups")


@login_required
def role_list(request):
    require(request.user.has_perm("accounts.grant_role"))
    accounts = _accounts().order_by("username")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        accounts = accounts.filter(
            Q(username__icontains=q)
            | Q(employee__name__icontains=q)
            | Q(employee__employee_no__icontains=q)
        )
    role = request.GET.get("role", "")
    if role in ROLE_LABELS:
        accounts = accounts.filter(groups__name=role)
    page, query = paginate(request, accounts, 50)
    rows = [
        (account, [ROLE_LABELS.get(g.name, g.name) for g in account.groups.all()])
        for account in page
    ]
    return render(
        request,
        "personnel/role_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "q": q,
            "role": role,
            "roles": ROLE_LABELS.items(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk):
    require(request.user.has_perm("accounts.grant_role"))
    account = get_visible_or_404(_accounts(), pk=pk)
    held = {g.name for g in account.groups.all()}
    form = RolesForm(request.POST or None, initial={"roles": sorted(held - DERIVED_ROLES)})
    if request.method == "POST" and form.is_valid():
        wanted = {*form.cleaned_data["roles"], *(held & DERIVED_ROLES)}
        try:
            roles_set(actor=request.user, user=account, roles=wanted)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Roles of %(name)s saved.") % {"name": account})
            return redirect("personnel:role_list")
    derived = [ROLE_LABELS[name] for name in sorted(held & DERIVED_ROLES)]
    period = getattr(account, "access_period", None)
    initial = {f: getattr(period, f) for f in ("starts_on", "ends_on", "reason")} if period else {}
    return render(
        request,
        "personnel/role_edit.html",
        {
            "account": account,
            "form": form,
            "derived": derived,
            "period": period,
            "period_form": AccessPeriodForm(initial=initial),
        },
    )


@login_required
@require_POST
def access_period_edit(request, pk):
    """Limit an account to a period (an external auditor's access for an audit, R3)."""
    require(request.user.has_perm("accounts.grant_role"))
    account = get_visible_or_404(_accounts(), pk=pk)
    run_form(
        request,
        AccessPeriodForm(request.POST),
        lambda **data: access_period_set(actor=request.user, user=account, **data),
        _("Access period saved: outside it the account can neither sign in nor read."),
    )
    return redirect("personnel:role_edit", pk=pk)


def _events(request):
    filters = query_form(AccountEventFilterForm(request.GET))
    events = AccountEvent.objects.all()
    if filters["actor"]:
        events = events.filter(actor_name__icontains=filters["actor"])
    if filters["target"]:
        events = events.filter(target_name__icontains=filters["target"])
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["date_from"]:
        events = events.filter(at__date__gte=filters["date_from"])
    if filters["date_to"]:
        events = events.filter(at__date__lte=filters["date_to"])
    return events, filters


def _detail(event) -> str:
    """A role's name as people say it; the code name stays in the record."""
    return ROLE_LABELS.get(event.detail, event.detail)


@login_required
def account_events(request):
    require(request.user.has_perm(ACCOUNT_EVENTS.permission))
    events, _filters = _events(request)
    page, query = paginate(request, events, 50)
    rows = [(event, _detail(event)) for event in page]
    return render(
        request,
        "personnel/account_events.html",
        {"page": page, "rows": rows, "query": query, "form": AccountEventFilterForm(request.GET)},
    )


@login_required
def account_events_pdf(request):
    require(request.user.has_perm(ACCOUNT_EVENTS.permission))
    events, _filters = _events(request)
    rows = [
        (e.at, e.actor_name, e.get_action_display(), e.target_name, _detail(e))
        for e in events.order_by("at", "id")
    ]
    document = PdfDocument(
        title=str(ACCOUNT_EVENTS.title),
        level=Level.INTERNAL,
        body_template="reports/account_events.html",
        pages=paginate_rows(rows, 25),
        context={"period": (request.GET.get("date_from", ""), request.GET.get("date_to", ""))},
    )
    return pdf_response(request, report_slug=ACCOUNT_EVENTS.slug, document=document)
