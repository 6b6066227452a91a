"""Uploaded files: what may come in (judged by content, not by name) and how it goes out.

No libmagic on the intranet hosts: the few types the product takes are recognised by their
signatures here. Every upload field carries an UploadValidator; every download goes through
attachment_response, so a file is never rendered by the browser on the product's origin.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

OCTET_STREAM = "application/octet-stream"
# The browser neither runs nor frames a served file, whatever it turns out to be.
DOWNLOAD_CSP = "sandbox; default-src 'none'"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    extensions: tuple[str, ...]
    content_type: str
    matches: Callable[[object], bool]


def _head(file, size: int = 8) -> bytes:
    file.seek(0)
    return file.read(size)


def _magic(signature: bytes) -> Callable[[object], bool]:
    return lambda file: _head(file, len(signature)) == signature


def _ooxml(main_part: str) -> Callable[[object], bool]:
    """A zip with the OOXML content-type list and the format's main part (only the zip's
    directory is read: nothing is decompressed)."""

    def matches(file) -> bool:
        if _head(file, 4) != b"PK\x03\x04":
            return False
        try:
            names = set(zipfile.ZipFile(file).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and main_part in names

    return matches


def _ole2(stream: str) -> Callable[[object], bool]:
    """A legacy Office compound file holding the format's main stream, whose name the
    directory stores in UTF-16."""
    needle = stream.encode("utf-16-le")

    def matches(file) -> bool:
        if _head(file) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return False
        file.seek(0)
        tail = b""
        while chunk := file.read(_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
        return False

    return matches


PDF = FileType("PDF", ("pdf",), "application/pdf", _magic(b"%PDF-"))
JPEG = FileType("JPEG", ("jpg", "jpeg"), "image/jpeg", _magic(b"\xff\xd8\xff"))
PNG = FileType("PNG", ("png",), "image/png", _magic(b"\x89PNG\r\n\x1a\n"))
DOCX = FileType(
    "Word",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _ooxml("word/document.xml"),
)
XLSX = FileType(
    "Excel",
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _ooxml("xl/workbook.xml"),
)
PPTX = FileType(
    "PowerPoint",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _ooxml("ppt/presentation.xml"),
)
DOC = FileType("Word", ("doc",), "application/msword", _ole2("WordDocument"))
XLS = FileType("Excel", ("xls",), "application/vnd.ms-excel", _ole2("Workbook"))
PPT = FileType(
    "PowerPoint", ("ppt",), "application/vnd.ms-powerpoint", _ole2("PowerPoint Document")
)

KNOWN = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, DOC, XLS, PPT)
# What each kind of upload field takes: a scan or letter is an image or a PDF; CVs and
# training materials may also be office documents; a list to import is an Excel workbook.
ALLOWED = {
    "scan": (PDF, JPEG, PNG),
    "document": KNOWN,
    "sheet": (XLSX,),
}


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _content_types(file) -> list[FileType]:
    try:
        return [kind for kind in KNOWN if kind.matches(file)]
    finally:
        file.seek(0)


def detect(file, name: str) -> FileType | None:
    """The type the content shows and the name agrees with; None when they do not agree."""
    extension = _extension(name)
    return next((k for k in _content_types(file) if extension in k.extensions), None)


def upload_max_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


@deconstructible
class UploadValidator:
    """The size limit first (the upload's size is known without reading it), then the
    content, then the name against the content."""

    def __init__(self, allowed: str):
        self.allowed = allowed

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.allowed == self.allowed

    def __call__(self, value) -> None:
        if not value or getattr(value, "_committed", False):
            return  # nothing uploaded, or a file already stored and checked when it came in
        if value.size > upload_max_bytes():
            raise ValidationError(
                _("The file is larger than %(max)s MB; please upload a smaller one.")
                % {"max": settings.UPLOAD_MAX_MB},
                code="file_too_large",
            )
        self._check_type(value)

    def _check_type(self, value) -> None:
        allowed = ALLOWED[self.allowed]
        found = [kind for kind in _content_types(value) if kind in allowed]
        if not found:
            labels = ", ".join(dict.fromkeys(kind.label for kind in allowed))
            raise ValidationError(
                _("Unsupported file type: only %(types)s files are accepted.") % {"types": labels},
                code="file_type",
            )
        extension = _extension(value.name)
        if not any(extension in kind.extensions for kind in found):
            raise ValidationError(
                _("The file name's extension “.%(ext)s” does not match its content (%(type)s).")
                % {"ext": extension, "type": found[0].label},
                code="file_extension",
            )


class OversizedUpload(UploadedFile):
    """What is left of a file past the limit: its name and size, none of its bytes."""

    def __init__(self, name, content_type, size, charset):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeCappedUploadHandler(FileUploadHandler):
    """Keeps no byte of a file past UPLOAD_MAX_MB: the rest is read off the wire and
    dropped, and the field's check reports the size (a 50 MB file never reaches the disk)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return None if self.received > upload_max_bytes() else raw_data

    def file_complete(self, file_size):
        if self.received <= upload_max_bytes():
            return None  # the next handler builds the file as usual
        return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)


def attachment_response(field_file, *, filename: str | None = None) -> FileResponse:
    """Serve a stored file for download only: a content type the content and name agree on,
    else application/octet-stream, and no sniffing or rendering by the browser."""
    filename = filename or field_file.name.rsplit("/", 1)[-1]
    handle = field_file.open("rb")
    kind = detect(handle, filename)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=kind.content_type if kind else OCTET_STREAM,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
