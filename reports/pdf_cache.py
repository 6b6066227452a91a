"""Laid-out PDF chunks kept by content: the key is the hash of the chunk's HTML (and of the
WeasyPrint that laid it out), so an unchanged chunk is never laid out twice and a changed one
can never be served stale. Files under PDF_CACHE_DIR, at most PDF_CACHE_MB in all: past that,
the least recently used go first.

The chunks hold what the reports hold (a roster is 机密): the directory is private to the
application's account (mode 700, files 600), like the exports under MEDIA_ROOT.
"""

import hashlib
import os
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

SUFFIX = ".pdf"


@cache
def _salt() -> bytes:
    return f"weasyprint {version('weasyprint')}\n".encode()


def key(html: str) -> str:
    return hashlib.sha256(_salt() + html.encode("utf-8")).hexdigest()


def _root() -> Path:
    return Path(settings.PDF_CACHE_DIR)


def _path(html: str) -> Path:
    digest = key(html)
    return _root() / digest[:2] / (digest + SUFFIX)


def get(html: str) -> bytes | None:
    if settings.PDF_CACHE_MB <= 0:
        return None
    path = _path(html)
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: pruned last
    except OSError:
        return None
    return data


def put(html: str, pdf: bytes) -> None:
    """Written whole or not at all (a temporary file renamed), so a reader never sees half."""
    if settings.PDF_CACHE_MB <= 0:
        return
    path = _path(html)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(_root(), 0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    except OSError:
        return  # a cache: a full disk costs speed, never the export
    prune()


def _entries() -> list[tuple[float, int, Path]]:
    entries = []
    for path in _root().glob(f"*/*{SUFFIX}"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    return entries


def prune() -> None:
    """Down to nine tenths of the limit, least recently used first."""
    limit = settings.PDF_CACHE_MB * 1024 * 1024
    entries = _entries()
    total = sum(size for _at, size, _path in entries)
    if total <= limit:
        return
    for _at, size, path in sorted(entries):
        if total <= limit * 0.9:
            break
        path.unlink(missing_ok=True)
        total -= size
