"""The one Excel pipeline (issue 17): a list's visible rows as a marked, numbered .xlsx.

Like a PDF (reports.exports.pdf_response), a sheet carries the classification marking in
its first row, then the title, who exported it, when and its copy number (份号), then the
header and the rows; the copy is access-logged as exported once the file exists, or as
voided if it never will be. openpyxl's write-only mode streams the rows, so 10,000 rows
take about a second and little memory.

A list view exports the rows its page shows: the same selector and the same filter
function, never a second query logic.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from io import BytesIO

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.classification import LEVEL_COLOUR, Level, highest_level, marking
from core.people import person_name

from .exports import download_name, export_copy_log, export_copy_reserve

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 4  # marking, title, stamp, then the header
# Control characters an .xlsx may not hold (openpyxl refuses the whole cell otherwise).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """What a list hands to the pipeline: a title, its columns and its rows.

    `columns` are (header, accessor) pairs; an accessor takes a row and returns the cell's
    value (text, number, date, time, or None for an empty cell)."""

    title: str
    columns: Sequence[tuple[str, Callable]]
    rows: Iterable


def export_allowed_or_404(user, perm: str) -> None:
    """An export the user has no right to does not exist for them."""
    if not user.has_perm(perm):
        raise Http404


def highest_level_in(queryset, field: str, *, floor: str = Level.INTERNAL) -> str:
    """The level that marks a sheet of these rows: the highest of `field` among them (one
    query), never below `floor`."""
    levels = queryset.order_by().values_list(field, flat=True).distinct()
    return highest_level([floor, *levels])


def _value(value):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime):  # Excel has no time zones: local wall time
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _cell(ws, value):
    value = _value(value)
    if isinstance(value, str) and value.startswith("="):
        # Text a user typed is never a formula: Excel would run "=HYPERLINK(…)".
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _styled(ws, value, **font):
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(**font)
    return cell


def _sheet_name(title: str) -> str:
    return _SHEET_NAME_BAD.sub(" ", title)[:31] or "Sheet"


def write_xlsx(sheet: Sheet, *, level: str, exporter: str, exported_at, copy_number: str):
    """The workbook's bytes: marking, title, stamp, header, rows."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_sheet_name(sheet.title))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, (header, _accessor) in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, 2.2 * len(str(header)))
    colour = LEVEL_COLOUR[level].lstrip("#").upper()
    ws.append([_styled(ws, marking(level), bold=True, size=14, color=colour)])
    ws.append([_styled(ws, str(sheet.title), bold=True, size=13)])
    ws.append(
        [
            _("Exported by"),
            exporter,
            _("Exported at"),
            _value(exported_at),
            _("Copy number"),
            copy_number,
        ]
    )
    ws.append([_styled(ws, str(header), bold=True) for header, _accessor in sheet.columns])
    accessors = [accessor for _header, accessor in sheet.columns]
    rows = sheet.rows
    if isinstance(rows, QuerySet):  # fetched in chunks, never held whole
        rows = rows.iterator(chunk_size=2000)
    for row in rows:
        ws.append([_cell(ws, accessor(row)) for accessor in accessors])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(request, *, report_slug: str, sheet: Sheet, level: str) -> HttpResponse:
    """Write a list's sheet while the user waits; the copy is logged once the file exists.

    `level` marks the sheet: the highest level among its rows (`highest_level_in`) or the
    level the list's PDF carries."""
    copy = partial(
        export_copy_log,
        user=request.user,
        report_slug=report_slug,
        title=str(sheet.title),
        request=request,
    )
    copy_number = export_copy_reserve(report_slug=report_slug)
    try:
        content = write_xlsx(
            sheet,
            level=level,
            exporter=person_name(request.user),
            exported_at=timezone.now(),
            copy_number=copy_number,
        )
    except BaseException:
        copy(copy_number=copy_number, voided=True)
        raise
    copy(copy_number=copy_number)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, download_name(sheet.title, copy_number, "xlsx")
    )
    return response
