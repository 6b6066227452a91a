import shutil
import subprocess
from itertools import takewhile

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from reports.listing import listing_document
from reports.pdf import PdfFetchRefused, Stamp, _static_only_fetcher, html_to_pdf, render_pdf

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


def _grey_column(pdf_bytes, tmp_path, x_mm, dpi=100):
    """The first page as grey pixels (pdftoppm), read down the column at x_mm."""
    path = tmp_path / "grid.pdf"
    path.write_bytes(pdf_bytes)
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    magic, width, height, _maxval, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    x = round(x_mm / 25.4 * dpi)
    return [pixels[y * width + x] for y in range(height)]


def _runs(column):
    """(grey, length) of each run of equal pixels."""
    runs = []
    for grey in column:
        if runs and runs[-1][0] == grey:
            runs[-1][1] += 1
        else:
            runs.append([grey, 1])
    return runs


def test_grid_rows_are_striped_every_other_line(tmp_path):
    rows = [(f"R{n:03d}", "数据中心") for n in range(1, 31)]
    document = listing_document(
        title="条纹", level="internal", sections=[("名单", ("序号", "工号", "部门"), rows)]
    )
    stamp = Stamp(exporter="测试", exported_at=timezone.now(), copy_number="T-1")
    pdf = render_pdf(document, stamp)

    lines = [line.split() for line in pdf_tool("pdftotext", pdf, tmp_path, "-layout").splitlines()]
    assert [line[:2] for line in lines if len(line) > 1 and line[1].startswith("R")] == [
        [str(n), f"R{n:03d}"] for n in range(1, 31)
    ]  # one line per row, in order
    # Down the left padding of the rows (page margin 12 mm, padding 1.5 mm): the header's
    # band (#e6e6e6) and its border, then 30 rows of 4.4 mm (17 px at 100 dpi) until the
    # bottom border, white and #eef0f2 in turn.
    runs = _runs(_grey_column(pdf, tmp_path, x_mm=12.7))
    band = next(i for i, (grey, length) in enumerate(runs) if grey == 230 and length > 10)
    rows = list(takewhile(lambda run: run[1] > 2, runs[band + 2 :]))
    shades = [
        "white" if grey == 255 else "#eef0f2" if 234 <= grey <= 244 else grey for grey, _ in rows
    ]
    assert shades == ["white", "#eef0f2"] * 15
    assert all(16 <= length <= 19 for _grey, length in rows)
