import shutil
import subprocess

import pytest
from django.urls import reverse

from audit.models import AccessLog
from reports.pdf import PdfFetchRefused, _static_only_fetcher, html_to_pdf

pytestmark = pytest.mark.django_db


def pdf_tool(name, pdf_bytes, tmp_path, *args):
    assert shutil.which(name), f"{name} missing: run scripts/install-system-deps.sh"
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        [name, *args, str(path), "-"] if name == "pdftotext" else [name, *args, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_roster_pdf_is_real_marked_and_readable(demo, login, tmp_path):
    response = login("auditor").get(reverse("personnel:roster_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_tool("pdftotext", pdf, tmp_path, "-layout")
    assert "秘密★" in text  # the marking (A9)
    assert "人员等级：核心" in text and "黄磊" in text and "研发部" in text
    assert "导出人 马静" in text and "第1页/共" in text.replace(" ", "")
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT, username="auditor")
    assert log.copy_number in text  # each copy carries its number
    fonts = pdf_tool("pdffonts", pdf, tmp_path)
    cjk = [line.split() for line in fonts.splitlines() if "Noto-Sans-CJK" in line]
    assert cjk and all(line[-5] == "yes" for line in cjk)  # embedded, not just named


def test_each_export_gets_the_next_copy_number(demo, login):
    client = login("hr")
    for _ in range(2):
        client.get(reverse("personnel:roster_pdf"))
    numbers = list(
        AccessLog.objects.filter(action=AccessLog.Action.EXPORT).values_list(
            "copy_number", flat=True
        )
    )
    assert sorted(numbers) == ["ROSTER-00001", "ROSTER-00002"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/baomi.css",
        "https://example.com/font.woff",
        "file:///work/main/static/../pyproject.toml",
    ],
)
def test_the_fetcher_refuses_anything_outside_static(url):
    with pytest.raises(PdfFetchRefused):
        _static_only_fetcher().fetch(url)


def test_the_fetcher_serves_project_static_files(settings):
    css = (settings.BASE_DIR / "static" / "css" / "baomi.css").as_uri()
    assert b"badge-level" in _static_only_fetcher().fetch(css).read()


def test_a_document_referring_to_a_local_file_renders_without_it(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    pdf = html_to_pdf(f'<link rel="stylesheet" href="{secret.as_uri()}"><p>ok</p>')
    assert pdf.startswith(b"%PDF")
