"""Loan pages and the register (A4): apply, decide, hand out, take back; the register PDF."""

import datetime
from operator import itemgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from approvals.forms import DecisionForm, run_decision
from approvals.selectors import user_may_decide
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level, gathered, highest_level
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from core.params import query_date
from core.people import person_name
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows
from reports.sheets import Sheet, export_allowed_or_404, highest_level_in, xlsx_response

from ..forms import LoanForm
from ..models import Loan
from ..reports import REGISTER
from ..selectors import (
    loans_filtered,
    register_loans,
    requestable_items,
    search_by_item_or_person,
    visible_loans,
)
from ..services import loans
from .catalogue import item_from_query, item_marking, page_marking


def date_range(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    start = query_date(request, "from", today.replace(day=1))
    return start, query_date(request, "to", today)


def _in_range(loans_qs, start, end):
    return loans_qs.filter(handed_out_at__date__gte=start, handed_out_at__date__lte=end)


def _loans_filtered(request):
    """The loans the register page shows under its filters, with the search and status."""
    q = request.GET.get("q", "").strip()
    loans_qs = search_by_item_or_person(register_loans(request.user), q, "borrower__name")
    status = request.GET.get("status", "")
    loans_qs = loans_filtered(loans_qs, status=status, due=query_date(request, "due", None))
    if request.GET.get("from") or request.GET.get("to"):
        loans_qs = _in_range(loans_qs, *date_range(request))
    return loans_qs, q, status


@login_required
def loan_list(request):
    """The register page: every loan, or those handed out in a date range."""
    loans_qs, q, status = _loans_filtered(request)
    page, query = paginate(request, loans_qs, 50)
    start, end = date_range(request)
    return render(
        request,
        "archives/loan_list.html",
        {
            "page": page,
            "query": query,
            "q": q,
            "status": status,
            "marking": page_marking(loan.item for loan in page),
            "statuses": Loan.Status.choices,
            "start": start,
            "end": end,
            "due": query_date(request, "due", None),
            "can_export": request.user.has_perm(REGISTER.permission),
        },
    )


@login_required
def loan_list_xlsx(request):
    """The register page's rows as Excel, marked with the highest level they list (A9)."""
    export_allowed_or_404(request.user, REGISTER.permission)
    loans_qs, _q, _status = _loans_filtered(request)
    sheet = Sheet(
        title=_("Loan register"),
        columns=[
            (_("No."), lambda loan: loan.pk),
            (_("Catalogue number"), lambda loan: loan.item.catalogue_no),
            (_("Title"), lambda loan: loan.item.title if loan.item_shown else ""),
            (_("Level"), lambda loan: loan.item.get_level_display()),
            (_("Copies"), lambda loan: loan.copies),
            (_("Borrower"), lambda loan: loan.borrower.name),
            (_("Department"), lambda loan: loan.borrower.department.name),
            (_("Handed out"), lambda loan: loan.handed_out_at),
            (_("Due date"), lambda loan: loan.due_date),
            (_("Returned"), lambda loan: loan.returned_at),
            (_("Status"), lambda loan: loan.get_status_display()),
        ],
        rows=loans_qs,
    )
    level = highest_level_in(loans_qs, "item__level")
    return xlsx_response(request, report_slug=REGISTER.slug, sheet=sheet, level=level)


@login_required
@require_http_methods(["GET", "POST"])
def loan_create(request):
    item = item_from_query(request, requestable_items(request.user))
    form = LoanForm(
        request.POST or None,
        initial={"due_date": timezone.localdate() + datetime.timedelta(days=3)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            loan = loans.loan_apply(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The loan application was sent for approval."))
            return redirect("archives:loan_detail", pk=loan.pk)
    return render(request, "archives/loan_form.html", {"form": form, "item": item})


@login_required
def loan_detail(request, pk):
    loan = get_visible_or_404(visible_loans(request.user), pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=loan, request=request)
    step = loan.chain.current_step() if loan.chain_id else None
    clerk = request.user.has_perm("archives.change_loan") and loan.item_shown
    return render(
        request,
        "archives/loan_detail.html",
        {
            "loan": loan,
            "marking": item_marking(loan.item),
            "steps": loan.chain.steps.prefetch_related("decisions__decider__employee"),
            "decide_form": DecisionForm() if step and user_may_decide(request.user, step) else None,
            "can_hand_out": clerk and loan.status == Loan.Status.APPROVED,
            "can_take_back": clerk and loan.status in (Loan.Status.OUT, Loan.Status.OVERDUE),
        },
    )


@login_required
@require_POST
def loan_decide(request, pk):
    loan = get_visible_or_404(visible_loans(request.user), pk=pk)
    run_decision(
        request, lambda **decision: loans.loan_decide(actor=request.user, loan=loan, **decision)
    )
    return redirect("archives:loan_detail", pk=pk)


def _clerk_action(request, pk, action, done):
    loan = get_visible_or_404(visible_loans(request.user), pk=pk)
    require(request.user.has_perm("archives.change_loan"))
    signed = request.POST.get("borrower_signed") in ("on", "1", "true")
    run_with_message(
        request, lambda: action(actor=request.user, loan=loan, borrower_signed=signed), done
    )
    return redirect("archives:loan_detail", pk=pk)


@login_required
@require_POST
def loan_hand_out(request, pk):
    return _clerk_action(request, pk, loans.loan_hand_out, _("Handed out and registered."))


@login_required
@require_POST
def loan_return(request, pk):
    return _clerk_action(request, pk, loans.loan_return, _("Returned and registered."))


def register_rows(user, start, end) -> list:
    qs = _in_range(register_loans(user), start, end).order_by("handed_out_at", "pk")
    return [
        (
            loan.item.catalogue_no,
            loan.item.title if loan.item_shown else "",
            loan.item.get_level_display(),
            loan.copies,
            loan.borrower.name,
            loan.borrower.department.name,
            loan.reason,
            timezone.localtime(loan.handed_out_at),
            person_name(loan.handed_out_by),
            loan.due_date,
            timezone.localtime(loan.returned_at) if loan.returned_at else None,
            person_name(loan.received_by),
            loan.get_status_display(),
            loan.item.level,
            loan.item.secrecy_years,
        )
        for loan in qs.select_related("handed_out_by__employee", "received_by__employee")
    ]


REGISTER_COLUMNS = [
    gettext_lazy("Catalogue number"),
    gettext_lazy("Title"),
    gettext_lazy("Level"),
    gettext_lazy("Copies"),
    gettext_lazy("Borrower"),
    gettext_lazy("Department"),
    gettext_lazy("Reason"),
    gettext_lazy("Handed out"),
    gettext_lazy("Handed out by"),
    gettext_lazy("Due date"),
    gettext_lazy("Returned"),
    gettext_lazy("Received by"),
    gettext_lazy("Status"),
]


@login_required
def register_pdf(request):
    """The loan register for a date range; marked with the highest level and the longest
    secrecy period it lists (A9)."""
    require(request.user.has_perm(REGISTER.permission))
    start, end = date_range(request)
    rows = register_rows(request.user, start, end)
    level, years = gathered((row[-2], row[-1]) for row in rows)
    document = PdfDocument(
        title="档案外借登记册",
        level=level or Level.INTERNAL,
        secrecy_years=years,
        body_template="reports/loan_register.html",
        pages=paginate_rows(rows, 18),
        context={"start": start, "end": end},
        landscape=True,
    )
    return pdf_response(request, report_slug=REGISTER.slug, document=document)


@login_required
def register_xlsx(request):
    """The loan register for a date range as Excel: the PDF's rows and marking."""
    export_allowed_or_404(request.user, REGISTER.permission)
    start, end = date_range(request)
    rows = register_rows(request.user, start, end)
    sheet = Sheet(
        title=f"{_('Archive loan register')} {start} — {end}",
        columns=[(header, itemgetter(index)) for index, header in enumerate(REGISTER_COLUMNS)],
        rows=rows,
    )
    level = highest_level(row[-2] for row in rows) or Level.INTERNAL
    return xlsx_response(request, report_slug=REGISTER.slug, sheet=sheet, level=level)
