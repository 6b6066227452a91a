from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm
from approvals.selectors import user_may_decide
from archives.selectors import open_loans_of, visible_items
from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from personnel.models import Agreement, Employee
from reports.exports import pdf_response
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from . import services
from .forms import (
    HrResignationForm,
    OpinionForm,
    PeriodForm,
    ResignationFilterForm,
    ResignationForm,
    default_last_day,
)
from .models import ChecklistItem, DepartureChecklist, Resignation
from .reports import (
    CHECKLIST,
    LEAVING_DOCUMENTS,
    REGISTER,
    checklist_document,
    leaving_documents,
    register_document,
)
from .selectors import resignations_filtered, visible_resignations


def _is_hr(user) -> bool:
    return user.has_perm("offboarding.add_resignation")


def _own_employee(user):
    return Employee.objects.filter(user=user, status=Employee.Status.ACTIVE).first()


def _resignations_filtered(request):
    """The resignations the list shows under its filters, and the filter form."""
    form = ResignationFilterForm(request.GET or None)
    resignations = visible_resignations(request.user)
    if form.is_valid():
        resignations = resignations_filtered(resignations, **form.cleaned_data)
    return resignations, form


@login_required
def resignation_list(request):
    resignations, form = _resignations_filtered(request)
    page, query = paginate(request, resignations, 50)
    return render(
        request,
        "offboarding/resignation_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_submit": _is_hr(request.user) or _own_employee(request.user) is not None,
            "can_export": request.user.has_perm(REGISTER.permission),
        },
    )


@login_required
def resignation_list_xlsx(request):
    """The resignation list as Excel: the rows the list shows under its filters."""
    export_allowed_or_404(request.user, REGISTER.permission)
    resignations, _form = _resignations_filtered(request)
    sheet = Sheet(
        title=_("Resignations"),
        columns=[
            (_("Employee number"), lambda r: r.employee.employee_no),
            (_("Employee"), lambda r: r.employee.name),
            (_("Department"), lambda r: r.employee.department.name),
            (_("Submitted on"), lambda r: r.submitted_on),
            (_("Intended last day"), lambda r: r.last_day),
            (_("Notice (days)"), lambda r: r.notice_days),
            (_("Status"), lambda r: r.get_status_display()),
        ],
        rows=resignations,
    )
    return xlsx_response(request, report_slug=REGISTER.slug, sheet=sheet, level=Level.CONFIDENTIAL)


@login_required
@require_http_methods(["GET", "POST"])
def resignation_create(request):
    is_hr = _is_hr(request.user)
    employee = None if is_hr else _own_employee(request.user)
    require(is_hr or employee is not None)
    initial = {"last_day": default_last_day(settings.RESIGNATION_NOTICE_DAYS)}
    if is_hr:
        form = HrResignationForm(request.POST or None, initial=initial, user=request.user)
    else:
        form = ResignationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resignation = services.resignation_submit(
                actor=request.user,
                employee=data.get("employee") or employee,
                last_day=data["last_day"],
                reason=data["reason"],
                override_reason=data.get("override_reason", ""),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The resignation was submitted for approval."))
            return redirect("offboarding:resignation_detail", pk=resignation.pk)
    return render(
        request,
        "offboarding/resignation_form.html",
        {"form": form, "employee": employee, "notice_days": settings.RESIGNATION_NOTICE_DAYS},
    )


def _chain_steps(resignation):
    if resignation.chain_id is None:
        return []
    return (
        resignation.chain.steps.select_related("department")
        .prefetch_related("decisions__decider__employee")
        .order_by("order")
    )


def _open_loans(user, resignation) -> dict:
    """The leaver's loans still out: those whose item the reader may see, and a count of
    the rest (an item above the reader's clearance is not named)."""
    loans = list(open_loans_of(resignation.employee))
    seen = set(
        visible_items(user)
        .filter(pk__in=[loan.item_id for loan in loans])
        .values_list("pk", flat=True)
    )
    shown = [loan for loan in loans if loan.item_id in seen]
    return {"shown": shown, "hidden": len(loans) - len(shown)}


@login_required
def resignation_detail(request, pk):
    resignation = get_visible_or_404(visible_resignations(request.user), pk=pk)
    access_record(
        user=request.user, action=AccessLog.Action.VIEW, target=resignation, request=request
    )
    step = resignation.chain.current_step() if resignation.chain_id else None
    decide_form = None
    if step and user_may_decide(request.user, step) and _not_own(request.user, resignation):
        decide_form = OpinionForm() if step.order == 1 else DecisionForm()
    checklist = getattr(resignation, "checklist", None)
    items = []
    if checklist:
        signed = _checklist_agreements(resignation)
        items = [
            (
                item,
                services.may_sign(request.user, item) and _not_own(request.user, resignation),
                signed.get(item.kind) if item.signed else None,
            )
            for item in checklist.items.select_related("signed_by__employee", "department")
        ]
    return render(
        request,
        "offboarding/resignation_detail.html",
        {
            "resignation": resignation,
            "steps": _chain_steps(resignation),
            "current_step": step,
            "decide_form": decide_form,
            "checklist": checklist,
            "items": items,
            "period": getattr(resignation, "decryption_period", None),
            "duty_reminder": services.DUTY_REMINDER if checklist and checklist.closed_at else None,
            "open_loans": _open_loans(request.user, resignation) if checklist else None,
            "can_print_checklist": checklist and request.user.has_perm(CHECKLIST.permission),
            "can_print_leaving": _leaving_issued(checklist)
            and request.user.has_perm(LEAVING_DOCUMENTS.permission),
            "can_close": checklist
            and not checklist.closed_at
            and request.user.has_perm("offboarding.change_resignation"),
            "can_withdraw": resignation.status == Resignation.Status.IN_APPROVAL
            and (
                request.user.has_perm("offboarding.change_resignation")
                or request.user.pk in (resignation.submitted_by_id, resignation.employee.user_id)
            ),
            "history": history_with_changes(recent_history(resignation, 50)),
        },
    )


def _checklist_agreements(resignation) -> dict:
    """P5: the exit commitment and bilateral agreement the checklist recorded, by item kind
    (the kinds share their names), so the page can link their scans or ask for them."""
    kinds = [Agreement.Kind.EXIT_COMMITMENT, Agreement.Kind.BILATERAL]
    rows = Agreement.objects.filter(
        employee=resignation.employee, kind__in=kinds, signed_on__gte=resignation.approved_on
    ).order_by("signed_on", "pk")
    return {agreement.kind: agreement for agreement in rows}


def _not_own(user, resignation) -> bool:
    return user.pk != resignation.employee.user_id


@login_required
@require_POST
def resignation_decide(request, pk):
    resignation = get_visible_or_404(visible_resignations(request.user), pk=pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose approve or reject."))
        return redirect("offboarding:resignation_detail", pk=pk)
    data = form.cleaned_data
    run_with_message(
        request,
        lambda: services.resignation_decide(
            actor=request.user,
            resignation=resignation,
            outcome=data["decision"],
            comment=data["comment"],
            opinion=data,
        ),
    )
    return redirect("offboarding:resignation_detail", pk=pk)


@login_required
@require_POST
def resignation_withdraw(request, pk):
    resignation = get_visible_or_404(visible_resignations(request.user), pk=pk)
    run_with_message(
        request,
        lambda: services.resignation_withdraw(actor=request.user, resignation=resignation),
    )
    return redirect("offboarding:resignation_detail", pk=pk)


@login_required
@require_POST
def checklist_item_sign(request, pk):
    visible = ChecklistItem.objects.filter(
        checklist__resignation__in=visible_resignations(request.user)
    )
    item = get_visible_or_404(visible.select_related("checklist"), pk=pk)
    run_with_message(
        request,
        lambda: services.checklist_item_sign(
            actor=request.user, item=item, note=request.POST.get("note", "")
        ),
    )
    return redirect("offboarding:resignation_detail", pk=item.checklist.resignation_id)


def _checklist_for_hr(request, pk) -> DepartureChecklist:
    resignation = get_visible_or_404(visible_resignations(request.user), pk=pk)
    require(request.user.has_perm("offboarding.change_resignation"))
    return get_visible_or_404(DepartureChecklist.objects, resignation=resignation)


@login_required
@require_POST
def checklist_close(request, pk):
    checklist = _checklist_for_hr(request, pk)
    run_with_message(
        request, lambda: services.checklist_close(actor=request.user, checklist=checklist)
    )
    return redirect("offboarding:resignation_detail", pk=pk)


@login_required
@require_POST
def checklist_early_reason(request, pk):
    checklist = _checklist_for_hr(request, pk)
    run_with_message(
        request,
        lambda: services.checklist_early_reason_set(
            actor=request.user, checklist=checklist, reason=request.POST.get("early_reason", "")
        ),
        _("The reason is recorded."),
    )
    return redirect("offboarding:resignation_detail", pk=pk)


@login_required
def register_pdf(request):
    require(request.user.has_perm(REGISTER.permission))
    form = PeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_valid() else {}
    document = register_document(
        visible_resignations(request.user),
        date_from=period.get("date_from"),
        date_to=period.get("date_to"),
    )
    return pdf_response(request, report_slug=REGISTER.slug, document=document)


def _leaving_issued(checklist):
    """The checklist's last item, signed: HR issued the leaving documents (F6)."""
    if checklist is None:
        return None
    return checklist.items.filter(
        kind=ChecklistItem.Kind.LEAVING_DOCUMENTS, signed_at__isnull=False
    ).first()


def _resignation_with_checklist(request, pk, permission) -> Resignation:
    resignation = get_visible_or_404(
        visible_resignations(request.user).select_related("employee__position"), pk=pk
    )
    if getattr(resignation, "checklist", None) is None:
        raise Http404("no checklist yet")
    require(request.user.has_perm(permission))
    return resignation


@login_required
def checklist_pdf(request, pk):
    """《员工离公司手续单》 (F6) with the signatures and dates of each item."""
    resignation = _resignation_with_checklist(request, pk, CHECKLIST.permission)
    return pdf_response(
        request, report_slug=CHECKLIST.slug, document=checklist_document(resignation)
    )


@login_required
def leaving_documents_pdf(request, pk):
    """The leaving documents (F6), once HR issued them on the checklist."""
    resignation = _resignation_with_checklist(request, pk, LEAVING_DOCUMENTS.permission)
    issued = _leaving_issued(resignation.checklist)
    if issued is None:
        raise Http404("not issued yet")
    document = leaving_documents(resignation, issued, services.DUTY_REMINDER)
    return pdf_response(request, report_slug=LEAVING_DOCUMENTS.slug, document=document)
