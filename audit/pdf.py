"""The one PDF pipeline (R2, A9): HTML templates → WeasyPrint → marked, numbered pages.

Every page carries the classification marking at the top left in the level's colour, the
exporting user and time, the copy number and "page N of M". WeasyPrint may read only the
project's own static files. A long document is laid out in chunks of pages rendered by
separate processes and merged, because layout time dominates (ENVIRONMENT.md).
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .classification import LEVEL_COLOUR, marking

STATIC_DIR = Path(settings.BASE_DIR) / "static"


class PdfFetchRefused(ValueError):
    pass


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Serves data: URLs and files under static/; refuses every other address."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise PdfFetchRefused(f"refused non-local resource: {url}")
            root = os.path.realpath(STATIC_DIR)
            path = os.path.realpath(unquote(parsed.path))
            if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
                raise PdfFetchRefused(f"refused resource outside static/: {url}")
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read())

    return StaticOnlyURLFetcher()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_static_only_fetcher()
    ).write_pdf()


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

    username: str
    exported_at: datetime
    copy_number: str


def _chunk_html(document: PdfDocument, stamp: Stamp, pages: list, first_page: int) -> str:
    return render_to_string(
        "reports/base.html",
        {
            **document.context,
            "document": document,
            "body_template": document.body_template,
            "pages": pages,
            "first_page": first_page,
            "total_pages": max(len(document.pages), 1),
            "marking": marking(document.level, document.secrecy_years),
            "marking_colour": LEVEL_COLOUR[document.level],
            "stamp": stamp,
            "font_family": settings.PDF_FONT_FAMILY,
            "exported_at": timezone.localtime(stamp.exported_at),
        },
    )


def _render_in_subprocess(html: str) -> bytes:
    # A fresh interpreter rather than multiprocessing: Celery's prefork workers are daemonic
    # and may not fork children of their own.
    result = subprocess.run(
        [sys.executable, "-m", "audit.pdf_worker", str(STATIC_DIR)],
        input=html.encode("utf-8"),
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return result.stdout


def _merge(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(BytesIO(part))
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf(document: PdfDocument, stamp: Stamp) -> bytes:
    """Lay out the document; past one chunk of pages, in parallel processes, then merge."""
    chunk = max(settings.PDF_CHUNK_PAGES, 1)
    pages = document.pages or [[]]
    if len(pages) <= chunk or settings.PDF_WORKERS <= 1:
        return html_to_pdf(_chunk_html(document, stamp, pages, 1))
    htmls = [
        _chunk_html(document, stamp, pages[start : start + chunk], start + 1)
        for start in range(0, len(pages), chunk)
    ]
    with ThreadPoolExecutor(max_workers=settings.PDF_WORKERS) as pool:
        parts = list(pool.map(_render_in_subprocess, htmls))
    return _merge(parts)


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
