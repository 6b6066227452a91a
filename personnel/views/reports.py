"""Personnel's reports beyond the roster: the unit-wide agreements register and a person's
dossier as a PDF for appraisal (issue 18)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import get_visible_or_404, require
from core.classification import Level
from core.pages import paginate
from core.params import query_form
from reports.exports import pdf_response
from reports.listing import too_long_for_pdf
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..report_forms import AgreementRegisterFilterForm
from ..reports import (
    AGREEMENTS,
    DOSSIER_SLUG,
    agreement_rows,
    agreements_document,
    dossier_document,
    missing_rows,
)
from ..selectors import agreements_missing, agreements_register, visible_employees


@login_required
def dossier_pdf(request, pk):
    """Whoever may open the person's page (which shows the dossier) may print it; the copy
    is numbered and access-logged under the person's name."""
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    return pdf_response(request, report_slug=DOSSIER_SLUG, document=dossier_document(employee))


def _register(request):
    """The filters, and the rows the register shows under them: signed documents, or the
    classified staff in post without a commitment."""
    require(request.user.has_perm(AGREEMENTS.permission))
    form = AgreementRegisterFilterForm(request.GET)
    filters = query_form(form)
    signed = {key: filters[key] for key in ("q", "kind", "department")}
    missing = agreements_missing(request.user, q=filters["q"], department=filters["department"])
    return form, signed, missing


@login_required
def agreement_register(request):
    form, filters, missing = _register(request)
    rows = missing if form.missing else agreements_register(request.user, **filters)
    if form.missing:
        rows = rows.select_related("department", "position")
    page, query = paginate(request, rows, settings.EMPLOYEES_PER_PAGE)
    return render(
        request,
        "personnel/agreement_register.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "missing": form.missing,
            "missing_count": None if form.missing else missing.count(),
            "missing_query": _with_show(request, "missing"),
        },
    )


def _with_show(request, show: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["show"] = show
    return query.urlencode()


@login_required
def agreement_register_xlsx(request):
    """The register's rows under its filters: the signed documents, or the missing ones."""
    export_allowed_or_404(request.user, AGREEMENTS.permission)
    form, filters, missing = _register(request)
    if form.missing:
        headers = [_("Employee No."), _("Full name"), _("Department"), _("Post"), _("Tier")]
        headers += [_("Hire date"), _("Not signed")]
        rows = missing_rows(missing)
    else:
        headers = [_("Employee No."), _("Full name"), _("Department"), _("Tier"), _("Kind")]
        headers += [_("Signed on"), _("Scan on file"), _("Note")]
        rows = agreement_rows(agreements_register(request.user, **filters))
    sheet = Sheet(
        title=_("Agreements register"),
        columns=[(header, _column(index)) for index, header in enumerate(headers)],
        rows=rows,
    )
    return xlsx_response(
        request, report_slug=AGREEMENTS.slug, sheet=sheet, level=Level.CONFIDENTIAL
    )


def _column(index: int):
    return lambda row: row[index]


@login_required
def agreement_register_pdf(request):
    _form, filters, missing = _register(request)
    count = agreements_register(request.user, **filters).count() + missing.count()
    refused = too_long_for_pdf(request, count, reverse(AGREEMENTS.page_url_name))
    if refused:
        return refused
    document = agreements_document(request.user, filters)
    return pdf_response(request, report_slug=AGREEMENTS.slug, document=document)
