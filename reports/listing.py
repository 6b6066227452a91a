"""A long filtered listing as a PDF (access log, change history, agreements register): one
text-grid line per row (reports.pdf.Grid), a heading and the filters on every page."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .pdf import LANDSCAPE_TEXT_MM, Grid, PdfDocument, paginate_rows

CELL_CHARS = 40  # a long object name is cut: a grid line never wraps


def cut(text, limit: int = CELL_CHARS) -> str:
    text = " ".join(str(text or "").split())  # one line: no newline or tab in a grid cell
    return text if len(text) <= limit else text[: limit - 1] + "…"


def filters_line(pairs) -> str:
    """The filters as one line ("人员：张伟；期间：…"); empty ones are left out."""
    return "；".join(f"{label}：{value}" for label, value in pairs if value)


def period_text(date_from, date_to) -> str:
    if not date_from and not date_to:
        return ""
    return _("%(start)s to %(end)s") % {"start": date_from or "…", "end": date_to or "…"}


def listing_sections(sections, *, cell_chars: int = CELL_CHARS) -> list[dict]:
    """Pages of several sections, each (heading, header, rows) with its own grid."""
    pages = []
    for heading, header, rows in sections:
        rows = [tuple(cut(cell, cell_chars) for cell in row) for row in rows]
        grid = Grid.fit(header, [(i, *row) for i, row in enumerate(rows, start=1)])
        per_page = max(settings.ROSTER_ROWS_PER_PAGE - 2, 1)
        section = paginate_rows(rows, per_page) or [{"continued": False, "rows": []}]
        for page in section:
            page["heading"] = heading
            page["text"] = grid.lines((i, *row) for i, row in page["rows"])
            page["grid_header"] = grid.line(header)
            page["grid_font_pt"] = grid.font_size_pt(LANDSCAPE_TEXT_MM)
        pages.extend(section)
    return pages


def listing_document(
    *, title: str, level: str, sections, filters: str = "", cell_chars: int = CELL_CHARS
) -> PdfDocument:
    return PdfDocument(
        title=title,
        level=level,
        body_template="reports/listing.html",
        pages=listing_sections(sections, cell_chars=cell_chars),
        context={"filters": filters},
    )


def too_long_for_pdf(request, count: int, page_url: str):
    """Past REPORT_PDF_MAX_ROWS the list page asks for narrower filters, keeping them."""
    limit = settings.REPORT_PDF_MAX_ROWS
    message = _(
        "The selection holds %(count)s rows, more than the %(limit)s a PDF may hold: "
        "narrow the period or the other filters, or export it to Excel."
    )
    return _too_long(request, count, page_url, limit, message)


def too_long_for_sheet(request, count: int, page_url: str, limit: int):
    message = _(
        "The selection holds %(count)s rows, more than the %(limit)s this export may hold: "
        "narrow the period or the other filters."
    )
    return _too_long(request, count, page_url, limit, message)


def _too_long(request, count: int, page_url: str, limit: int, message: str):
    if count <= limit:
        return None
    messages.error(request, message % {"count": count, "limit": limit})
    return redirect(f"{page_url}?{request.GET.urlencode()}")
