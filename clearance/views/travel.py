from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_form, run_with_message
from core.pages import paginate
from personnel.models import Employee
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..forms import (
    BriefingForm,
    HandOutForm,
    ReturnReportForm,
    ReturnTalkForm,
    TravelDocumentForm,
    TravelRequestForm,
)
from ..models import DocumentHandout, TravelRequest
from ..reports import RESTRICTIONS
from ..selectors import (
    documents_out,
    travel_restricted,
    visible_travel_documents,
    visible_travel_requests,
)
from ..services import travel as services

TRAVEL_EXPORT = "clearance.view_travelrequest"


def _trips_filtered(request):
    """The travel requests the list shows under its filters, with the status and search."""
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    trips = visible_travel_requests(request.user)
    if status in TravelRequest.Status.values:
        trips = trips.filter(status=status)
    if q:
        trips = trips.filter(Q(employee__name__icontains=q) | Q(destination__icontains=q))
    return trips, status, q


@login_required
def travel_list(request):
    trips, status, q = _trips_filtered(request)
    page, query = paginate(request, trips, 50)
    me = Employee.objects.filter(user=request.user).first()
    return render(
        request,
        "clearance/travel_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "q": q,
            "statuses": TravelRequest.Status.choices,
            "must_ask": me is not None and services.approval_required(me),
            "can_file": services.may_file_for_others(request.user),
            "can_export": request.user.has_perm(TRAVEL_EXPORT),
        },
    )


@login_required
def travel_list_xlsx(request):
    """The travel list as Excel: the rows the list shows under its filters."""
    export_allowed_or_404(request.user, TRAVEL_EXPORT)
    trips, _status, _q = _trips_filtered(request)
    sheet = Sheet(
        title=_("Travel abroad"),
        columns=[
            (_("Traveller"), lambda t: t.employee.name),
            (_("Department"), lambda t: t.employee.department.name),
            (_("Destination"), lambda t: t.destination),
            (_("Departure"), lambda t: t.departure),
            (_("Return date"), lambda t: t.return_date),
            (_("Status"), lambda t: t.get_status_display()),
        ],
        rows=trips,
    )
    return xlsx_response(request, report_slug="travel", sheet=sheet, level=Level.CONFIDENTIAL)


@login_required
@require_http_methods(["GET", "POST"])
def travel_create(request):
    me = Employee.objects.filter(user=request.user).first()
    officer = services.may_file_for_others(request.user)
    if not officer and (me is None or not services.approval_required(me)):
        # C6: nobody else needs approval; say so rather than refuse silently.
        return render(request, "clearance/travel_form.html", {"form": None, "free": True})
    form = TravelRequestForm(request.POST or None, user=request.user, for_others=officer)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("employee", me)
        try:
            travel = services.travel_request(actor=request.user, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The travel request was sent for approval."))
            return redirect("clearance:travel_detail", pk=travel.pk)
    return render(request, "clearance/travel_form.html", {"form": form})


@login_required
def travel_detail(request, pk):
    travel = get_visible_or_404(visible_travel_requests(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=travel, request=request)
    user, today = request.user, timezone.localdate()
    requested = travel.status == TravelRequest.Status.REQUESTED
    approved = travel.status == TravelRequest.Status.APPROVED
    step = travel.chain.current_step() if requested else None
    officer = user.has_perm("clearance.change_travelrequest")
    traveller = travel.employee.user_id == user.pk
    back = approved and today >= travel.return_date
    return render(
        request,
        "clearance/travel_detail.html",
        {
            "travel": travel,
            "steps": travel.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm()
            if step
            and user_may_decide(user, step)
            and user.pk not in (travel.requested_by_id, travel.employee.user_id)
            else None,
            "briefing_form": BriefingForm(initial={"briefed_on": today})
            if (requested and officer)
            else None,
            "may_confirm": traveller
            and requested
            and travel.briefed_on
            and not travel.traveller_confirmed_at,
            "report_form": ReturnReportForm()
            if back and traveller and not travel.return_report
            else None,
            "talk_form": ReturnTalkForm(initial={"held_on": today})
            if back and officer and not travel.return_talk_on
            else None,
            "handouts": travel.handouts.select_related("document", "handed_out_by", "received_by"),
            "history": history_with_changes(recent_history(travel, 30)),
        },
    )


def _travel_post(request, pk, form_class, action, success=None):
    """Validate the form and run the service; the page shows the refusal or the result."""
    travel = get_visible_or_404(visible_travel_requests(request.user), pk=pk)
    run_form(
        request,
        (form_class or forms.Form)(request.POST),
        lambda **data: action(actor=request.user, travel=travel, **data),
        success,
    )
    return redirect("clearance:travel_detail", pk=pk)


@login_required
@require_POST
def travel_decide(request, pk):
    travel = get_visible_or_404(visible_travel_requests(request.user), pk=pk)
    run_decision(
        request,
        lambda **decision: services.travel_decide(actor=request.user, travel=travel, **decision),
    )
    return redirect("clearance:travel_detail", pk=pk)


@login_required
@require_POST
def travel_briefing(request, pk):
    return _travel_post(
        request,
        pk,
        BriefingForm,
        services.briefing_record,
        _("Briefing recorded; the traveller is asked to confirm it."),
    )


@login_required
@require_POST
def travel_confirm(request, pk):
    return _travel_post(
        request, pk, None, services.briefing_confirm, _("Thank you: your confirmation is recorded.")
    )


@login_required
@require_POST
def travel_return_report(request, pk):
    return _travel_post(request, pk, ReturnReportForm, services.return_report_file)


@login_required
@require_POST
def travel_return_talk(request, pk):
    return _travel_post(request, pk, ReturnTalkForm, services.return_talk_record)


# The custody ledger ----------------------------------------------------------------------


@login_required
def passport_list(request):
    user, q = request.user, request.GET.get("q", "").strip()
    documents = visible_travel_documents(user)
    if q:
        documents = documents.filter(employee__name__icontains=q)
    page, query = paginate(request, documents, 50)
    out = {
        h.document_id: h
        for h in documents_out().filter(document__in=list(page)).select_related("travel")
    }
    custodian = user.has_perm("clearance.change_traveldocument")
    trips = (
        _approved_trips().filter(employee__in=[d.employee_id for d in page])
        if (custodian)
        else TravelRequest.objects.none()
    )
    rows = [
        (
            d,
            out.get(d.pk),
            out.get(d.pk) and services.is_overdue(out[d.pk]),
            [t for t in trips if t.employee_id == d.employee_id],
        )
        for d in page
    ]
    return render(
        request,
        "clearance/passport_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "rows": rows,
            "form": TravelDocumentForm(user=request.user) if custodian else None,
        },
    )


def _approved_trips():
    return TravelRequest.objects.filter(
        status=TravelRequest.Status.APPROVED, return_date__gte=timezone.localdate()
    )


@login_required
@require_POST
def passport_create(request):
    require(request.user.has_perm("clearance.change_traveldocument"))
    run_form(
        request,
        TravelDocumentForm(request.POST, user=request.user),
        lambda **data: services.document_register(actor=request.user, **data),
    )
    return redirect("clearance:passport_list")


@login_required
@require_POST
def passport_hand_out(request, pk):
    document = get_visible_or_404(visible_travel_documents(request.user), pk=pk)
    require(request.user.has_perm("clearance.change_traveldocument"))
    form = HandOutForm(request.POST, trips=_approved_trips())
    if not form.is_valid():
        messages.error(request, _("A document is handed out only for an approved trip."))
    else:
        run_with_message(
            request,
            lambda: services.document_hand_out(
                actor=request.user, document=document, travel=form.cleaned_data["travel"]
            ),
            _("Handed out."),
        )
    return redirect("clearance:passport_list")


@login_required
@require_POST
def passport_take_back(request, pk):
    handout = get_visible_or_404(
        DocumentHandout.objects.filter(document__in=visible_travel_documents(request.user)), pk=pk
    )
    run_with_message(
        request,
        lambda: services.document_take_back(actor=request.user, handout=handout),
        _("Back in custody."),
    )
    return redirect("clearance:passport_list")


@login_required
def travel_restrictions_pdf(request):
    require(request.user.has_perm(RESTRICTIONS.permission))
    today = timezone.localdate()
    rows = []
    for person in travel_restricted(today).prefetch_related("travel_documents"):
        in_decryption = person.decryption_ends_on and person.decryption_ends_on >= today
        rows.append(
            (
                person.name,
                person.employee_no,
                person.department.name,
                person.get_tier_display(),
                _("Decryption period") if in_decryption else _("In a secret post"),
                person.decryption_ends_on if in_decryption else None,
                "、".join(d.masked_number for d in person.travel_documents.all()),
            )
        )
    document = PdfDocument(
        title="出国(境)限制人员名单",
        level=Level.CONFIDENTIAL,
        body_template="reports/travel_restrictions.html",
        pages=paginate_rows(rows, 25),
        landscape=True,
    )
    return pdf_response(request, report_slug=RESTRICTIONS.slug, document=document)
