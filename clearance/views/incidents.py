from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level
from core.errors import DomainError
from core.feedback import run_with_message
from core.pages import paginate
from reports.exports import pdf_response
from reports.pdf import PdfDocument, paginate_rows
from reports.sheets import Sheet, export_allowed_or_404, xlsx_response

from ..forms import IncidentForm, IncidentUpdateForm
from ..reports import INCIDENTS
from ..selectors import visible_incidents
from ..services import incidents


def _is_officer(user) -> bool:
    return user.has_perm("clearance.change_incident")


@login_required
def incident_list(request):
    page, query = paginate(request, visible_incidents(request.user), 50)
    reporter = incidents.reporters_shown_to(request.user)
    rows = [(i, reporter(i), incidents.authority_due(i), incidents.result_due(i)) for i in page]
    return render(
        request, "clearance/incident_list.html", {"page": page, "rows": rows, "query": query}
    )


@login_required
def incident_list_xlsx(request):
    """The incident list as Excel; a reporter who asked to stay hidden stays hidden."""
    export_allowed_or_404(request.user, INCIDENTS.permission)
    reporter = incidents.reporters_shown_to(request.user)
    sheet = Sheet(
        title=_("Leak incidents"),
        columns=[
            (_("Discovered at"), lambda i: i.discovered_at),
            (_("Title"), lambda i: i.title),
            (_("Reported by"), reporter),
            (_("Report to the secrecy authority due"), incidents.authority_due),
            (_("Reported to the authority at"), lambda i: i.authority_reported_at),
            (_("Investigation result due"), incidents.result_due),
            (_("Result reached on"), lambda i: i.result_at),
            (_("Status"), lambda i: i.get_status_display()),
        ],
        rows=visible_incidents(request.user),
    )
    return xlsx_response(request, report_slug=INCIDENTS.slug, sheet=sheet, level=Level.SECRET)


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request):
    form = IncidentForm(request.POST or None, initial={"discovered_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            incident = incidents.incident_report(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Reported. The security office has been told."))
            return redirect("clearance:incident_detail", pk=incident.pk)
    return render(request, "clearance/incident_form.html", {"form": form})


@login_required
def incident_detail(request, pk):
    incident = get_visible_or_404(visible_incidents(request.user), pk=pk)
    access_record(
        user=request.user,
        action=AccessLog.Action.VIEW,
        target=incident,
        request=request,
        hide_reader=incident.hide_identity and incident.reported_by_id == request.user.pk,
    )
    officer = _is_officer(request.user) and incident.status == incident.Status.OPEN
    return render(
        request,
        "clearance/incident_detail.html",
        {
            "incident": incident,
            "reporter": incidents.reporters_shown_to(request.user)(incident),
            "authority_due": incidents.authority_due(incident),
            "result_due": incidents.result_due(incident),
            "now": timezone.now(),
            "form": IncidentUpdateForm(
                initial={
                    "remedial_measures": incident.remedial_measures,
                    "authority_reported_at": incident.authority_reported_at,
                    "result": incident.result,
                }
            )
            if officer
            else None,
        },
    )


@login_required
@require_POST
def incident_update(request, pk):
    incident = get_visible_or_404(visible_incidents(request.user), pk=pk)
    require(_is_officer(request.user))
    form = IncidentUpdateForm(request.POST)
    if form.is_valid():
        facts = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        run_with_message(
            request,
            lambda: incidents.incident_update(actor=request.user, incident=incident, **facts),
        )
    return redirect("clearance:incident_detail", pk=pk)


@login_required
@require_POST
def incident_close(request, pk):
    incident = get_visible_or_404(visible_incidents(request.user), pk=pk)
    require(_is_officer(request.user))
    run_with_message(
        request,
        lambda: incidents.incident_close(
            actor=request.user, incident=incident, reward=request.POST.get("reward") == "on"
        ),
        _("Incident closed."),
    )
    return redirect("clearance:incident_detail", pk=pk)


@login_required
def incident_register_pdf(request):
    require(request.user.has_perm(INCIDENTS.permission))
    reporter = incidents.reporters_shown_to(request.user)
    rows = [
        (
            timezone.localtime(i.discovered_at),
            i.title,
            reporter(i),
            i.get_status_display(),
            timezone.localtime(incidents.authority_due(i)),
            timezone.localtime(i.authority_reported_at) if i.authority_reported_at else None,
            incidents.result_due(i),
            i.result_at,
        )
        for i in visible_incidents(request.user).order_by("discovered_at")
    ]
    document = PdfDocument(
        title="泄密事件登记表",
        level=Level.SECRET,
        body_template="reports/incidents.html",
        pages=paginate_rows(rows, 20),
        landscape=True,
    )
    return pdf_response(request, report_slug=INCIDENTS.slug, document=document)
