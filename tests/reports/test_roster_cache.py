"""The roster PDF lists classified staff only, and its laid-out chunks are kept by content:
exporting the same roster again lays out nothing but the export's stamp (issue 16)."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from personnel.models import Employee
from personnel.services import people as services
from reports import pdf, pdf_cache

pytestmark = pytest.mark.django_db


def pdf_text(pdf_bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/install-system-deps.sh"
    path = tmp_path / "roster.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.replace(" ", "")


@pytest.fixture
def laid_out(settings, tmp_path, monkeypatch):
    """A roster of several chunks (a page each, two rows a page), an empty chunk cache, and
    the chunks' HTML each time WeasyPrint lays them out."""
    settings.ROSTER_ROWS_PER_PAGE = 2
    settings.PDF_CHUNK_PAGES = 1
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.PDF_CACHE_MB = 64
    htmls = []
    render = pdf._render_in_subprocess

    def counting(chunks):
        htmls.extend(chunks)
        return render(chunks)

    monkeypatch.setattr(pdf, "_render_in_subprocess", counting)
    return htmls


def export(client) -> bytes:
    response = client.get(reverse("personnel:roster_pdf"))
    assert response.status_code == 200
    return response.content


def last_copy_number() -> str:
    return AccessLog.objects.filter(action=AccessLog.Action.EXPORT).latest("id").copy_number


def test_the_roster_lists_classified_staff_only(demo, login, tmp_path):
    text = pdf_text(export(login("hr")), tmp_path)
    assert "黄磊" in text  # core
    assert "宋宇" not in text and "冯刚" not in text  # not classified


def _leave(no: str, *, status=Employee.Status.DEPARTED, ends_in_days: int | None = None):
    hr = Employee.objects.get(employee_no="A0001").user
    ends = timezone.localdate() + datetime.timedelta(days=ends_in_days) if ends_in_days else None
    services.employee_lifecycle_set(
        actor=hr,
        employee=Employee.objects.get(employee_no=no),
        status=status,
        decryption_ends_on=ends,
    )


def test_the_roster_lists_staff_in_post_and_the_decryption_period_on_a_list_of_its_own(
    demo, login, tmp_path
):
    _leave("R0003", ends_in_days=200)  # 何军, departed, still in the decryption period
    _leave("R0004", ends_in_days=-1)  # 高峰, departed, the period is over
    _leave("R0005", status=Employee.Status.AWAITING_POST)  # 罗杰, hired, not yet in post
    text = pdf_text(export(login("hr")), tmp_path)
    in_post, leavers = text.split("脱密期内的离职人员")
    assert "黄磊" in in_post and "何军" not in in_post
    assert "高峰" not in text and "罗杰" not in text
    ends = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    assert "何军" in leavers and ends in leavers and "黄磊" not in leavers


def test_a_second_export_of_the_same_roster_lays_out_only_its_stamp(
    demo, login, laid_out, tmp_path
):
    client = login("hr")
    first = pdf_text(export(client), tmp_path)
    chunks = len(laid_out) - 1  # and the stamp's page, laid out with them:
    assert last_copy_number() in laid_out[-1]
    assert not any(last_copy_number() in html for html in laid_out[:-1])
    assert chunks > 1  # several chunks, each laid out once
    laid_out.clear()
    second = pdf_text(export(client), tmp_path)
    assert laid_out == []  # every chunk from the cache
    # Still this copy's stamp on every page, and the same pages.
    assert second.count(f"份号{last_copy_number()}") == chunks
    assert second.count("导出人王丽") == chunks  # the exporter by name
    assert f"第{chunks}页/共{chunks}页" in second
    assert "黄磊" in first and "黄磊" in second


def test_a_changed_roster_is_laid_out_again(demo, login, laid_out, tmp_path):
    client = login("hr")
    export(client)
    laid_out.clear()
    person = Employee.objects.get(employee_no="R0002")
    services.employee_update(
        actor=Employee.objects.get(employee_no="A0001").user, employee=person, name="黄新名"
    )
    text = pdf_text(export(client), tmp_path)
    assert laid_out and any("黄新名" in html for html in laid_out)
    assert "黄新名" in text


def test_the_chunk_cache_stays_within_its_size(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.PDF_CACHE_MB = 1
    blob = b"%PDF" + b"x" * 400_000
    for n in range(5):
        pdf_cache.put(f"<p>chunk {n}</p>", blob)
    kept = list((tmp_path / "pdf-cache").glob("*/*.pdf"))
    assert sum(path.stat().st_size for path in kept) <= 1024 * 1024
    assert pdf_cache.get("<p>chunk 4</p>") == blob  # the newest is kept
    assert pdf_cache.get("<p>chunk 0</p>") is None  # the oldest went first
