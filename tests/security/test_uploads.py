"""Item 8 of issue 13: every upload is checked by content and size, every download is an
attachment the browser will not run."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archives.models import ReadingRequest
from audit.models import AccessLog
from core.classification import Level
from core.uploads import UploadValidator
from onboarding.models import Candidate
from personnel.models import Agreement, Department, Employee, Position
from reports.models import ReportExport
from training.models import SessionMaterial, TrainingSession

from ..archives.helpers import grant_all, make_item
from ..sample_files import EXE, HTML, PDF, SVG, docx, png

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

REFUSED = {
    "html": ("page.html", HTML),
    "svg": ("image.svg", SVG),
    "renamed_exe": ("setup.pdf", EXE),
    "oversized": ("big.pdf", PDF + b"0" * (1536 * 1024)),  # 1.5 MB against a 1 MB limit
}

# --- The upload fields, each through its real page as the role that uses it ---------------


@dataclass
class Upload:
    username: str
    field: str
    kept: str  # a value the user typed, shown again when the upload is refused
    url: Callable[[], str]
    data: Callable[[], dict]
    count: Callable[[], int]
    download: Callable[[], str]


def _agreement_person():
    return Employee.objects.get(employee_no="R0008")


def _item():
    return make_item(Level.INTERNAL)


def _outsider_url():
    return reverse("archives:request_outsider") + f"?item={_item().pk}"


FIELDS = {
    "agreement_scan": Upload(
        username="hr",
        field="scan",
        kept="补签的承诺书",
        url=lambda: reverse("personnel:agreement_add", args=[_agreement_person().pk]),
        data=lambda: {"kind": "commitment", "signed_on": "2026-11-20", "note": "补签的承诺书"},
        count=lambda: Agreement.objects.filter(employee=_agreement_person()).count(),
        download=lambda: reverse(
            "personnel:agreement_scan",
            args=[Agreement.objects.filter(employee=_agreement_person()).latest("pk").pk],
        ),
    ),
    "candidate_cv": Upload(
        username="hr",
        field="cv",
        kept="上传测试",
        url=lambda: reverse("onboarding:candidate_create"),
        data=lambda: {
            "name": "上传测试",
            "id_type": "resident_id",
            "id_number": "320502198804170621",
            "department": Department.objects.get(code="RD").pk,
            "position": Position.objects.get(department__code="RD", title="研发工程师").pk,
        },
        count=lambda: Candidate.objects.filter(name="上传测试").count(),
        download=lambda: reverse(
            "onboarding:candidate_cv", args=[Candidate.objects.get(name="上传测试").pk]
        ),
    ),
    "training_material": Upload(
        username="hr",
        field="materials",
        kept="上传测试课",
        url=lambda: reverse("training:session_create"),
        data=lambda: {
            "kind": "monthly",
            "topic": "上传测试课",
            "held_on": "2026-11-20",
            "trainer": "郑涛",
        },
        count=lambda: TrainingSession.objects.filter(topic="上传测试课").count(),
        download=lambda: reverse(
            "training:material_download",
            args=[SessionMaterial.objects.filter(session__topic="上传测试课").latest("pk").pk],
        ),
    ),
    "introduction_letter": Upload(
        username="archivist",
        field="introduction_letter",
        kept="钱七七",
        url=_outsider_url,
        data=lambda: {
            "purpose": "审计",
            "reason": "年度审计",
            "outsider_name": "钱七七",
            "outsider_organisation": "某审计事务所",
        },
        count=lambda: ReadingRequest.objects.filter(outsider_name="钱七七").count(),
        download=lambda: reverse(
            "archives:request_letter",
            args=[ReadingRequest.objects.get(outsider_name="钱七七").pk],
        ),
    ),
}


@pytest.fixture
def cleared(demo):
    grant_all()


def post(login, upload: Upload, name: str, content: bytes):
    data = {**upload.data(), upload.field: SimpleUploadedFile(name, content)}
    return login(upload.username).post(upload.url(), data)


def assert_safe_download(response, content_type: str | None = None):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]
    assert "sandbox" in response["Content-Security-Policy"]
    if content_type:
        assert response["Content-Type"] == content_type


@pytest.mark.parametrize("bad", list(REFUSED))
@pytest.mark.parametrize("field", list(FIELDS))
def test_a_bad_upload_is_refused_with_the_reason_and_the_form_kept(
    cleared, login, settings, field, bad
):
    settings.UPLOAD_MAX_MB = 1
    upload = FIELDS[field]
    before = upload.count()
    response = post(login, upload, *REFUSED[bad])
    assert response.status_code == 200
    html = response.content.decode()
    expected = "文件超过 1 MB" if bad == "oversized" else "不支持的文件类型"
    assert expected in html
    assert upload.kept in html
    assert upload.count() == before


ACCEPTED = [
    pytest.param("agreement_scan", "扫描件.pdf", PDF, "application/pdf", id="scan-pdf"),
    pytest.param("agreement_scan", "扫描件.png", png(), "image/png", id="scan-png"),
    pytest.param("candidate_cv", "简历.pdf", PDF, "application/pdf", id="cv-pdf"),
    pytest.param("candidate_cv", "简历.docx", docx(), DOCX_TYPE, id="cv-docx"),
    pytest.param("training_material", "讲义.pdf", PDF, "application/pdf", id="material-pdf"),
    pytest.param("training_material", "案例.docx", docx(), DOCX_TYPE, id="material-docx"),
    pytest.param("introduction_letter", "介绍信.pdf", PDF, "application/pdf", id="letter-pdf"),
    pytest.param("introduction_letter", "介绍信.png", png(), "image/png", id="letter-png"),
]


@pytest.mark.parametrize(("field", "name", "content", "content_type"), ACCEPTED)
def test_a_real_file_is_accepted_and_served_as_a_safe_attachment(
    cleared, login, field, name, content, content_type
):
    upload = FIELDS[field]
    before = upload.count()
    response = post(login, upload, name, content)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert upload.count() == before + 1
    download = login(upload.username).get(upload.download())
    assert_safe_download(download, content_type)
    assert b"".join(download.streaming_content) == content


def test_the_extension_must_agree_with_the_content(cleared, login):
    response = post(login, FIELDS["agreement_scan"], "scan.pdf", png())
    assert "不符" in response.content.decode()
    assert FIELDS["agreement_scan"].count() == 0


def test_a_scan_does_not_take_office_files(cleared, login):
    response = post(login, FIELDS["agreement_scan"], "scan.docx", docx())
    assert "不支持的文件类型" in response.content.decode()


def test_a_zip_named_docx_is_not_an_office_file(cleared, login):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", HTML)
    response = post(login, FIELDS["candidate_cv"], "简历.docx", buffer.getvalue())
    assert "不支持的文件类型" in response.content.decode()


def test_an_html_file_stored_before_the_check_is_served_as_plain_bytes(cleared, login):
    """Files already on disk keep their name; the download must still not render them."""
    agreement = Agreement(employee=_agreement_person(), kind="commitment", signed_on="2026-11-20")
    agreement.scan.save("old.html", ContentFile(HTML))
    response = login("auditor").get(reverse("personnel:agreement_scan", args=[agreement.pk]))
    assert_safe_download(response, "application/octet-stream")
    assert AccessLog.objects.filter(target_type="personnel.agreement", username="auditor").exists()


def test_a_background_export_is_downloaded_as_a_safe_attachment(demo, login, django_user_model):
    export = ReportExport.objects.create(
        report="roster",
        requested_by=django_user_model.objects.get(username="auditor"),
        status=ReportExport.Status.DONE,
        copy_number="ROSTER-00001",
    )
    export.file.save("roster-ROSTER-00001.pdf", ContentFile(PDF))
    response = login("auditor").get(reverse("reports:export_download", args=[export.pk]))
    assert_safe_download(response, "application/pdf")


def test_the_letter_is_served_only_to_who_sees_the_request(cleared, login):
    upload = FIELDS["introduction_letter"]
    assert post(login, upload, "介绍信.pdf", PDF).status_code == 302
    url = upload.download()
    assert login("archivist").get(url).status_code == 200
    assert AccessLog.objects.filter(
        username="archivist", target_type="archives.readingrequest"
    ).exists()
    assert login("emp_cs").get(url).status_code == 404


def test_the_default_size_limit_is_20_mb():
    from django.conf import settings

    assert settings.UPLOAD_MAX_MB == 20
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20


# --- The recogniser itself, for the types the pages above do not exercise -----------------


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def ole2(stream: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + stream.encode("utf-16-le")


@pytest.mark.parametrize(
    ("allowed", "name", "content"),
    [
        ("scan", "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        ("document", "表.xlsx", ooxml("xl/workbook.xml")),
        ("document", "课件.pptx", ooxml("ppt/presentation.xml")),
        ("document", "旧讲义.doc", ole2("WordDocument")),
        ("document", "旧表.xls", ole2("Workbook")),
        ("document", "旧课件.ppt", ole2("PowerPoint Document")),
    ],
)
def test_the_check_takes_each_allowed_type(allowed, name, content):
    UploadValidator(allowed)(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("allowed", "name", "content"),
    [
        ("scan", "photo.jpg", png()),  # a PNG is fine, but not under a JPEG name
        ("document", "表.xlsx", ooxml("word/document.xml")),
        ("document", "旧讲义.doc", ole2("Something Else")),  # e.g. an installer, also OLE2
        ("document", "noextension", PDF),
    ],
)
def test_the_check_refuses_content_and_name_that_disagree(allowed, name, content):
    with pytest.raises(ValidationError):
        UploadValidator(allowed)(SimpleUploadedFile(name, content))


def test_an_oversized_file_is_not_kept_while_the_request_is_read(settings, rf):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (3 * 1024 * 1024))
    small = SimpleUploadedFile("small.pdf", PDF)
    request = rf.post("/", {"big": big, "small": small})
    kept = request.FILES["big"]
    assert kept.size > 1024 * 1024 and kept.read() == b""
    assert request.FILES["small"].read() == PDF
    with pytest.raises(ValidationError, match="1 MB"):
        UploadValidator("scan")(kept)
