"""The access log's exports (C5, R2): Excel and PDF under the page's filters. They live here
because audit sits below the export pipeline; the page is audit's."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.selectors import access_log_filtered, sees_hidden_readers
from core.access import require
from core.classification import Level
from core.people import names_of

from .exports import pdf_response
from .listing import filters_line, listing_document, period_text, too_long_for_pdf
from .registry import Report, register
from .sheets import Sheet, export_allowed_or_404, xlsx_response

ACCESS_LOG = Report(
    slug="access-log",
    title=gettext_lazy("Access log"),
    description=gettext_lazy(
        "Who read or exported which record and when, by person, object, action and period."
    ),
    permission="audit.view_accesslog",
    url_name="reports:access_log_pdf",
    page_url_name="audit:access_log",
)
register(ACCESS_LOG)
ACCESS_LOG_LEVEL = Level.CONFIDENTIAL


class _Readers:
    """Each entry's reader by name, or the words that hide them from who may not know."""

    def __init__(self, user, entries):
        self.sees_hidden = sees_hidden_readers(user)
        self.names = names_of(entries.order_by().values_list("user_id", flat=True).distinct())
        self.hidden = _("(identity hidden at the reporter's request)")

    def shown(self, entry) -> bool:
        return self.sees_hidden or not entry.reader_hidden

    def name(self, entry) -> str:
        return self.names.get(entry.user_id, entry.username) if self.shown(entry) else self.hidden

    def ip(self, entry):
        return entry.ip if self.shown(entry) else None


@login_required
def access_log_xlsx(request):
    """The access log as Excel, under the page's filters."""
    export_allowed_or_404(request.user, ACCESS_LOG.permission)
    _form, entries = access_log_filtered(request.user, request.GET)
    readers = _Readers(request.user, entries)
    sheet = Sheet(
        title=_("Access log"),
        columns=[
            (_("Time"), lambda e: e.at),
            (_("User"), readers.name),
            (_("Action"), lambda e: e.get_action_display()),
            (_("Object"), lambda e: e.target_repr),
            (_("Copy number"), lambda e: e.copy_number),
            (_("IP address"), readers.ip),
        ],
        rows=entries,
    )
    return xlsx_response(request, report_slug=ACCESS_LOG.slug, sheet=sheet, level=ACCESS_LOG_LEVEL)


@login_required
def access_log_pdf(request):
    """The access log as a PDF, under the page's filters."""
    require(request.user.has_perm(ACCESS_LOG.permission))
    form, entries = access_log_filtered(request.user, request.GET)
    refused = too_long_for_pdf(request, entries.count(), reverse(ACCESS_LOG.page_url_name))
    if refused:
        return refused
    readers = _Readers(request.user, entries)
    actions = dict(entries.model.Action.choices)
    rows = [
        (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            readers.name(e),
            actions.get(e.action, e.action),
            e.target_repr,
            e.copy_number,
            readers.ip(e) or "",
        )
        for e in entries.iterator(chunk_size=2000)
    ]
    document = listing_document(
        title=str(ACCESS_LOG.title),
        level=ACCESS_LOG_LEVEL,
        sections=[(str(ACCESS_LOG.title), "序号 时间 用户 操作 对象 份号 IP地址".split(), rows)],
        filters=_filters_text(form.cleaned_data, actions),
    )
    return pdf_response(request, report_slug=ACCESS_LOG.slug, document=document)


def _filters_text(filters: dict, actions: dict) -> str:
    return filters_line(
        [
            (_("Period"), period_text(filters["date_from"], filters["date_to"])),
            (_("Person"), filters["person"]),
            (_("Object"), filters["target"]),
            (_("Action"), actions.get(filters["action"], "")),
            (_("Search"), filters["q"]),
        ]
    )
