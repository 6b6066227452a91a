"""HTML → PDF with WeasyPrint, reading nothing but files under the static folder.

Imports no Django, so a process starts in a fraction of a second: run as
`python -m reports.pdf_worker STATIC_DIR`, it reads HTML documents from stdin and writes their
PDFs to stdout, each as a length-prefixed frame (see `pack`).
"""

import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse


class PdfFetchRefused(ValueError):
    pass


def static_only_fetcher(static_dir):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = os.path.realpath(static_dir)

    class StaticOnlyURLFetcher(URLFetcher):
        """Serves data: URLs and files under static/; refuses every other address."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise PdfFetchRefused(f"refused non-local resource: {url}")
            path = os.path.realpath(unquote(parsed.path))
            if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
                raise PdfFetchRefused(f"refused resource outside static/: {url}")
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read())

    return StaticOnlyURLFetcher()


def html_to_pdf(html: str, static_dir) -> bytes:
    from weasyprint import HTML

    base_url = Path(static_dir).resolve().as_uri() + "/"
    fetcher = static_only_fetcher(static_dir)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def pack(items: list[bytes]) -> bytes:
    return b"".join(len(item).to_bytes(8, "big") + item for item in items)


def unpack(data: bytes) -> list[bytes]:
    items, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 8], "big")
        items.append(data[at + 8 : at + 8 + size])
        at += 8 + size
    return items


if __name__ == "__main__":
    htmls = unpack(sys.stdin.buffer.read())
    pdfs = [html_to_pdf(html.decode("utf-8"), sys.argv[1]) for html in htmls]
    sys.stdout.buffer.write(pack(pdfs))
