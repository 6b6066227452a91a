from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.feedback import run_with_message
from core.pages import paginate
from core.uploads import attachment_response
from personnel.imports.sheet import may_import
from personnel.models import Position
from personnel.selectors import visible_employees
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from . import services
from .forms import CandidateForm, HireForm, VettingForm
from .imports import CANDIDATES
from .models import Candidate
from .reports import APPLICATION, application_document
from .selectors import (
    candidates_filtered,
    visible_appointments,
    visible_candidates,
    visible_transfers,
)


def _can_manage(user) -> bool:
    return user.has_perm("onboarding.change_candidate")


def _candidates_filtered(request):
    """The candidates the list shows under its status filter, and the status."""
    status = request.GET.get("status", "")
    return candidates_filtered(visible_candidates(request.user), status=status), status


@login_required
def candidate_list(request):
    candidates, status = _candidates_filtered(request)
    page, query = paginate(request, candidates, 50)
    return render(
        request,
        "onboarding/candidate_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": Candidate.Status.choices,
            "can_add": request.user.has_perm("onboarding.add_candidate"),
            "can_export": request.user.has_perm(CANDIDATES_EXPORT),
            "can_import": may_import(request.user, CANDIDATES),
        },
    )


CANDIDATES_EXPORT = "onboarding.view_candidate"


@login_required
def candidate_list_xlsx(request):
    """The candidate list as Excel: the rows the list shows."""
    export_allowed_or_404(request.user, CANDIDATES_EXPORT)
    sheet = Sheet(
        title=_("Candidates"),
        columns=[
            (_("Full name"), lambda c: c.name),
            (_("Department"), lambda c: c.department.name),
            (_("Position"), lambda c: c.position.title),
            (_("Secret post"), lambda c: c.position.is_secret_post),
            (_("Status"), lambda c: c.get_status_display()),
        ],
        rows=_candidates_filtered(request)[0],
    )
    return xlsx_response(request, report_slug="candidates", sheet=sheet, level=Level.CONFIDENTIAL)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request):
    require(request.user.has_perm("onboarding.add_candidate"))
    form = CandidateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        candidate = services.candidate_register(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Candidate registered; now record the vetting."))
        return redirect("onboarding:candidate_detail", pk=candidate.pk)
    return render(request, "onboarding/candidate_form.html", {"form": form})


@login_required
def candidate_detail(request, pk):
    candidate = get_visible_or_404(visible_candidates(request.user), pk=pk)
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=candidate, request=request
    )
    manage = _can_manage(request.user) and candidate.status == candidate.Status.APPLYING
    return render(
        request,
        "onboarding/candidate_detail.html",
        {
            "candidate": candidate,
            "show_id": request.user.has_perm("onboarding.change_candidate"),  # HR only
            "vetting_form": _vetting_form(candidate) if manage else None,
            "hire_form": HireForm() if manage else None,
            "missing": candidate.missing_for_hire(),
            "history": history_with_changes(recent_history(candidate, 30)),
        },
    )


def _vetting_form(candidate) -> VettingForm:
    return VettingForm(initial=_vetting_initial(candidate), record=candidate)


def _vetting_initial(candidate) -> dict:
    fields = [
        *candidate.CHECKS,
        *candidate.CONDITIONS,
        "professional_quality",
        "disciplinary_record",
        "motivation",
        "job_fit",
    ]
    initial = {name: getattr(candidate, name) for name in fields}
    for name in candidate.CONDITIONS:
        value = initial[name]
        initial[name] = "" if value is None else ("true" if value else "false")
    return {**initial, "note": candidate.vetting_note}


@login_required
@require_POST
def vetting_record(request, pk):
    candidate = get_visible_or_404(visible_candidates(request.user), pk=pk)
    require(_can_manage(request.user))
    form = VettingForm(request.POST)
    if form.is_valid():
        run_with_message(
            request,
            lambda: services.vetting_record(
                actor=request.user, candidate=candidate, **form.results()
            ),
            _("Vetting recorded."),
        )
    else:
        messages.error(request, _("Each of the four checks needs pass or fail."))
    return redirect("onboarding:candidate_detail", pk=pk)


@login_required
@require_POST
def candidate_hire(request, pk):
    candidate = get_visible_or_404(visible_candidates(request.user), pk=pk)
    require(_can_manage(request.user))
    form = HireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new employee number and username."))
        return redirect("onboarding:candidate_detail", pk=pk)
    hired = run_with_message(
        request,
        lambda: services.candidate_hire(
            actor=request.user, candidate=candidate, **form.cleaned_data
        ),
        _("Hired."),
    )
    if hired is None:
        return redirect("onboarding:candidate_detail", pk=pk)
    employee, password = hired
    messages.info(
        request,
        _("Initial password for %(user)s (shown once): %(password)s")
        % {"user": form.cleaned_data["username"], "password": password},
    )
    return redirect("personnel:employee_detail", pk=employee.pk)


@login_required
def candidate_cv(request, pk):
    """The CV is a private file: served to who may see the candidate, and logged."""
    candidate = get_visible_or_404(visible_candidates(request.user).exclude(cv=""), pk=pk)
    access_record(
        user=request.user,
        action=AccessLog.Action.VIEW,
        target=candidate,
        target_repr=f"{candidate} CV",
        request=request,
    )
    return attachment_response(candidate.cv)


@login_required
def application_pdf(request, pk):
    candidate = get_visible_or_404(visible_candidates(request.user), pk=pk)
    require(request.user.has_perm(APPLICATION.permission))
    return pdf_response(
        request, report_slug=APPLICATION.slug, document=application_document(candidate)
    )


@login_required
@require_POST
def appointment_request(request, employee_pk):
    employee = get_visible_or_404(visible_employees(request.user), pk=employee_pk)
    require(request.user.has_perm("onboarding.add_appointment"))
    appointment = run_with_message(
        request,
        lambda: services.appointment_request(actor=request.user, employee=employee),
        _("Sent to the confidentiality leadership group."),
    )
    if appointment:
        return redirect("onboarding:appointment_detail", pk=appointment.pk)
    return redirect("personnel:employee_detail", pk=employee.pk)


def _chain_page(request, subject, decide_url):
    step = subject.chain.current_step() if subject.chain_id else None
    may_decide = step is not None and user_may_decide(request.user, step)
    return render(
        request,
        "onboarding/chain_detail.html",
        {
            "subject": subject,
            "steps": subject.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm() if may_decide else None,
            "decide_url": decide_url,
        },
    )


@login_required
def appointment_detail(request, pk):
    appointment = get_visible_or_404(visible_appointments(request.user), pk=pk)
    return _chain_page(request, appointment, reverse("onboarding:appointment_decide", args=[pk]))


@login_required
@require_POST
def appointment_decide(request, pk):
    appointment = get_visible_or_404(visible_appointments(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: services.appointment_decide(
            actor=request.user, appointment=appointment, **decision
        ),
    )
    return redirect("onboarding:appointment_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request, employee_pk):
    """GET: the form (the posts are read here, not on every employee page); POST: record."""
    employee = get_visible_or_404(visible_employees(request.user), pk=employee_pk)
    require(request.user.has_perm("onboarding.add_transfer"))
    if request.method == "GET":
        posts = Position.objects.select_related("department").exclude(pk=employee.position_id)
        return render(
            request, "onboarding/transfer_form.html", {"employee": employee, "posts": posts}
        )
    pk = request.POST.get("position", "")
    position = get_visible_or_404(Position.objects.all(), pk=pk if pk.isdigit() else 0)
    transfer = run_with_message(
        request,
        lambda: services.transfer_request(actor=request.user, employee=employee, position=position),
        _("Transfer recorded."),
    )
    if transfer:
        return redirect("onboarding:transfer_detail", pk=transfer.pk)
    return redirect("onboarding:transfer_request", employee_pk=employee.pk)


@login_required
def transfer_detail(request, pk):
    transfer = get_visible_or_404(visible_transfers(request.user), pk=pk)
    return _chain_page(request, transfer, reverse("onboarding:transfer_decide", args=[pk]))


@login_required
@require_POST
def transfer_decide(request, pk):
    transfer = get_visible_or_404(visible_transfers(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: services.transfer_decide(
            actor=request.user, transfer=transfer, **decision
        ),
    )
    return redirect("onboarding:transfer_detail", pk=pk)


@login_required
@require_POST
def post_take_up(request, employee_pk):
    employee = get_visible_or_404(visible_employees(request.user), pk=employee_pk)
    require(_can_manage(request.user))
    run_with_message(
        request,
        lambda: services.post_take_up(actor=request.user, employee=employee),
        _("The person has taken up the post."),
    )
    return redirect("personnel:employee_detail", pk=employee.pk)
