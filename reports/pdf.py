"""The one PDF pipeline (R2, A9): HTML templates → WeasyPrint → marked, numbered pages.

Every page carries the classification marking at the top left in the level's colour, the
exporting user and time, the copy number and "page N of M". WeasyPrint may read only the
project's own static files. A long document is laid out in chunks of pages rendered by
separate processes and merged, because layout time dominates (ENVIRONMENT.md). Its chunks
are laid out without the export's stamp (who, when, which copy), which is laid out once and
drawn over every page: a chunk is then the same for every export of the same rows, and is
kept by the hash of its HTML (reports.pdf_cache), so exporting an unchanged roster again lays
out nothing but the stamp.
"""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from io import BytesIO
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.classification import LEVEL_COLOUR, marking

from . import pdf_cache, pdf_worker
from .pdf_worker import PdfFetchRefused  # noqa: F401  part of this module's interface

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Text width of an A4 landscape page inside reports/base.html's 12 mm side margins.
LANDSCAPE_TEXT_MM = 273


def _static_only_fetcher():
    return pdf_worker.static_only_fetcher(STATIC_DIR)


def html_to_pdf(html: str) -> bytes:
    return pdf_worker.html_to_pdf(html, STATIC_DIR)


@dataclass
class PdfDocument:
    """What a report hands to the pipeline: a title, a level and its pages of rows."""

    title: str
    level: str
    body_template: str
    pages: list = field(default_factory=list)
    context: dict = field(default_factory=dict)
    secrecy_years: int | None = None
    landscape: bool = True


@dataclass(frozen=True)
class Stamp:
    """Who exported which copy, and when: printed on every page."""

    exporter: str  # the person's name, else the login name
    exported_at: datetime
    copy_number: str


def _html(document, *, stamp=None, pages=(), first_page=1, total_pages=None, layer="all"):
    """total_pages None: one document, WeasyPrint counts the pages itself. `layer`: "all"
    (one document with its stamp), "body" (no stamp: the same for every export) or "stamp"
    (one page with nothing but the stamp)."""
    return render_to_string(
        "reports/base.html",
        {
            **document.context,
            "document": document,
            "body_template": document.body_template,
            "pages": pages,
            "first_page": first_page,
            "total_pages": total_pages,
            "layer": layer,
            "marking": marking(document.level, document.secrecy_years),
            "marking_colour": LEVEL_COLOUR[document.level],
            "stamp": stamp,
            "font_family": settings.PDF_FONT_FAMILY,
            "exported_at": timezone.localtime(stamp.exported_at) if stamp else None,
        },
    )


def _render_in_subprocess(htmls: list[str]) -> list[bytes]:
    # A fresh interpreter rather than multiprocessing: Celery's prefork workers are daemonic
    # and may not fork children of their own. One process lays out several chunks in turn,
    # paying the interpreter and WeasyPrint start-up once.
    result = subprocess.run(
        [sys.executable, "-m", "reports.pdf_worker", str(STATIC_DIR)],
        input=pdf_worker.pack([html.encode("utf-8") for html in htmls]),
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=settings.PDF_TIMEOUT_SECONDS,  # rendering is bounded: a runaway is killed
    )
    return pdf_worker.unpack(result.stdout)


def _page_counts(parts: list[bytes]) -> list[int]:
    from pypdf import PdfReader

    return [len(PdfReader(BytesIO(part)).pages) for part in parts]


def _merge(parts: list[bytes], stamp_pdf: bytes) -> bytes:
    """The chunks as one PDF with the stamp drawn over every page.

    The stamp's page becomes one form XObject that every page draws: a few bytes per page,
    where merging the stamp's page into each page would copy and rewrite its content."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(BytesIO(part))
    _stamp_every_page(writer, stamp_pdf)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp_every_page(writer, stamp_pdf: bytes) -> None:
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer.append(BytesIO(stamp_pdf))  # its page, fonts included, cloned into the writer
    stamp_page = writer.pages[-1]
    form = DecodedStreamObject()
    form.set_data(stamp_page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): stamp_page.mediabox,
            NameObject("/Resources"): stamp_page["/Resources"],
        }
    )
    form_ref = writer._add_object(form)
    writer.remove_page(len(writer.pages) - 1)
    # The page's own content may leave its graphics state changed: wrap it in q … Q first.
    save, restore_and_draw = DecodedStreamObject(), DecodedStreamObject()
    save.set_data(b"q\n")
    restore_and_draw.set_data(b"\nQ q /BaomiStamp Do Q\n")
    save_ref, draw_ref = writer._add_object(save), writer._add_object(restore_and_draw)
    for page in writer.pages:
        resources = page[NameObject("/Resources")].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[NameObject("/BaomiStamp")] = form_ref
        contents = page[NameObject("/Contents")]
        inner = contents.get_object()
        own = list(inner) if isinstance(inner, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save_ref, *own, draw_ref])


def _render_in_processes(htmls: list[str]) -> list[bytes]:
    """Lay out the documents in PDF_WORKERS processes, consecutive ones sharing a process."""
    workers = max(1, min(settings.PDF_WORKERS, len(htmls)))
    groups = [
        htmls[i * len(htmls) // workers : (i + 1) * len(htmls) // workers] for i in range(workers)
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [pdf for pdfs in pool.map(_render_in_subprocess, groups) for pdf in pdfs]


def _render_missing(htmls: list[str], stamp_html: str) -> tuple[list[bytes], bytes]:
    """Every chunk's PDF, from the cache when the same HTML was laid out before, and the
    stamp's. What is missing is laid out in parallel processes, the stamp with the last chunks
    (this process then never loads WeasyPrint); with nothing missing, the stamp here."""
    found = {html: pdf_cache.get(html) for html in htmls}
    missing = [html for html in htmls if found[html] is None]
    if not missing:
        return [found[html] for html in htmls], html_to_pdf(stamp_html)
    *rendered, stamp_pdf = _render_in_processes([*missing, stamp_html])
    for html, pdf in zip(missing, rendered, strict=True):
        found[html] = pdf
        pdf_cache.put(html, pdf)
    return [found[html] for html in htmls], stamp_pdf


def _render_chunks(document, chunks, page_counts, stamp_html) -> tuple[list[bytes], bytes]:
    """Each chunk numbered from the pages before it, without the export's stamp; and the
    stamp's page."""
    starts = list(accumulate(page_counts[:-1], initial=1))
    total = sum(page_counts)
    bodies = [
        _html(document, pages=chunk, first_page=start, total_pages=total, layer="body")
        for chunk, start in zip(chunks, starts, strict=True)
    ]
    return _render_missing(bodies, stamp_html)


def render_pdf(document: PdfDocument, stamp: Stamp) -> bytes:
    """Lay out the document; past one chunk of pages, in parallel processes (or from the
    chunk cache), then merge and stamp."""
    size = max(settings.PDF_CHUNK_PAGES, 1)
    pages = document.pages or [[]]
    if len(pages) <= size:
        return html_to_pdf(_html(document, stamp=stamp, pages=pages))
    chunks = [pages[start : start + size] for start in range(0, len(pages), size)]
    planned = [len(chunk) for chunk in chunks]
    stamp_html = _html(document, stamp=stamp, layer="stamp")
    parts, stamp_pdf = _render_chunks(document, chunks, planned, stamp_html)
    actual = _page_counts(parts)
    if actual != planned:
        # A planned page overflowed onto two: number again with the real counts, so
        # "page N of M" stays true (slower, and only when a body template misjudges a page).
        parts, stamp_pdf = _render_chunks(document, chunks, actual, stamp_html)
    return _merge(parts, stamp_pdf)


def paginate_rows(rows, per_page: int, *, group_key=None) -> list[dict]:
    """Split rows into fixed-size pages, starting a new page whenever the group changes.

    Fixed rows per page keep the page count known before layout, so chunks can be
    numbered independently.
    """
    pages: list[dict] = []
    current_group = object()
    for index, row in enumerate(rows, start=1):
        group = group_key(row) if group_key else None
        if not pages or group != current_group or len(pages[-1]["rows"]) >= per_page:
            continued = bool(pages) and group == current_group
            pages.append({"group": group, "continued": continued, "rows": []})
            current_group = group
        pages[-1]["rows"].append((index, row))
    return pages


# --- Text grids: one line of text per table row ---------------------------------------------
# WeasyPrint's cost is per box: a 10-column table row is 10 laid-out cells, a grid line one
# text box, ~6× faster for long listings (bench/README.md). Columns align on half-width
# units: ASCII is one unit (the font's `hwid` feature, see base.html), CJK ideographs two; any
# other character sits in a two-unit box, so no glyph the font sizes its own way can shift
# the columns.
GRID_GAP = "  "


def _is_ascii(char: str) -> bool:
    return " " <= char <= "~"


def _is_ideograph(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _units(text: str) -> int:
    return sum(1 if _is_ascii(char) else 2 for char in text)


def _grid_char(char: str) -> str:
    if _is_ascii(char) or _is_ideograph(char):
        return escape(char)
    return f'<span class="w2">{escape(char)}</span>'


def _grid_cell(text: str, width: int) -> str:
    return "".join(map(_grid_char, text)) + " " * (width - _units(text))


@dataclass(frozen=True)
class Grid:
    """Column widths (half-width units) wide enough for every value: nothing is cut."""

    widths: tuple[int, ...]

    @classmethod
    def fit(cls, header, rows) -> "Grid":
        columns = zip(header, *rows, strict=True)
        return cls(tuple(max(_units(str(cell)) for cell in column) for column in columns))

    def line(self, cells) -> str:
        """One row as escaped HTML, for a `white-space: pre` element."""
        pairs = zip(cells, self.widths, strict=True)
        # Safe: _grid_cell escapes every character it emits.
        cells_html = GRID_GAP.join(_grid_cell(str(cell), width) for cell, width in pairs)
        return mark_safe(cells_html)  # nosec B308 B703

    def lines(self, rows) -> str:
        # Lines of one block: base.html stripes them with one image per page.
        return mark_safe("\n".join(map(self.line, rows)))  # nosec B308 B703

    def font_size_pt(self, text_mm: float, largest: float = 8.5) -> float:
        """The largest size (up to `largest`) at which a line fits the text width."""
        ems = (sum(self.widths) + len(GRID_GAP) * (len(self.widths) - 1)) / 2
        return round(min(largest, text_mm / ems * 72 / 25.4), 2)
