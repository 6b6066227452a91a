"""The exports of audit's records: the access log (C5) and the change history (R1), Excel and
PDF under their pages' filters (R2). They live here because audit sits below the export
pipeline; the pages are audit's."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.changes import changes_filtered, changes_in_batches
from audit.history import HISTORY_ACTIONS
from audit.selectors import access_log_filtered, sees_hidden_readers
from core.access import require
from core.classification import Level
from core.people import names_of

from .exports import pdf_response
from .listing import (
    filters_line,
    listing_document,
    period_text,
    too_long_for_pdf,
    too_long_for_sheet,
)
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


# --- The change history (R1, R2) ------------------------------------------------------------
CHANGE_HISTORY = Report(
    slug="change-history",
    title=gettext_lazy("Change history"),
    description=gettext_lazy(
        "Every change by anyone to any record in a period: who, when, which record, what "
        "changed; by period, kind of record, action and person."
    ),
    permission="audit.view_changehistory",
    url_name="reports:change_history_pdf",
    page_url_name="audit:change_history",
)
register(CHANGE_HISTORY)
# It holds incidents and decisions on classified matters: marked as the incident register is.
CHANGE_HISTORY_LEVEL = Level.SECRET


@login_required
def change_history_xlsx(request):
    """Every change under the page's filters as Excel, one row per change."""
    export_allowed_or_404(request.user, CHANGE_HISTORY.permission)
    _form, rows = changes_filtered(request.user, request.GET)
    page_url = reverse(CHANGE_HISTORY.page_url_name)
    refused = too_long_for_sheet(
        request, rows.count(), page_url, settings.CHANGE_HISTORY_XLSX_MAX_ROWS
    )
    if refused:
        return refused
    sheet = Sheet(
        title=_("Change history"),
        columns=[
            (_("Time"), lambda c: c.at),
            (_("Changed by"), lambda c: c.actor),
            (_("Action"), lambda c: c.action),
            (_("Kind of record"), lambda c: c.kind),
            (_("Record"), lambda c: c.record),
            (_("What changed"), lambda c: "\n".join(c.change_lines)),
        ],
        rows=changes_in_batches(rows, request.user),
    )
    return xlsx_response(
        request, report_slug=CHANGE_HISTORY.slug, sheet=sheet, level=CHANGE_HISTORY_LEVEL
    )


@login_required
def change_history_pdf(request):
    """The change history as a PDF: a line per changed field, the change's time, person,
    action and record on its first line."""
    require(request.user.has_perm(CHANGE_HISTORY.permission))
    form, rows = changes_filtered(request.user, request.GET)
    refused = too_long_for_pdf(request, rows.count(), reverse(CHANGE_HISTORY.page_url_name))
    if refused:
        return refused
    lines = []
    for change in changes_in_batches(rows, request.user):
        at = timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M:%S")
        first = (at, change.actor, change.action, change.kind, change.record)
        for index, line in enumerate(change.change_lines or [""]):
            lines.append((*(first if index == 0 else ("",) * 5), line))
    filters = form.cleaned_data
    kinds = dict(form.fields["kind"].choices)
    document = listing_document(
        title=str(CHANGE_HISTORY.title),
        level=CHANGE_HISTORY_LEVEL,
        sections=[
            (
                str(CHANGE_HISTORY.title),
                "序号 时间 操作人 操作 记录类型 记录 变更内容".split(),
                lines,
            )
        ],
        filters=filters_line(
            [
                (_("Period"), period_text(filters["date_from"], filters["date_to"])),
                (_("Changed by"), filters["person"]),
                (_("Kind of record"), kinds.get(filters["kind"], "") if filters["kind"] else ""),
                (_("Action"), dict(HISTORY_ACTIONS).get(filters["action"], "")),
            ]
        ),
        cell_chars=60,
    )
    return pdf_response(request, report_slug=CHANGE_HISTORY.slug, document=document)
