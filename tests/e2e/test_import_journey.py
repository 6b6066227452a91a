"""HR brings a roster of 200 in from the template, in Chromium, with a real Celery worker on
the test database doing the check and the import in the background, then finds one of them
with a picker (issue 17)."""

import uuid
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

import personnel.tasks
from personnel.identity import gb11643_check_digit
from personnel.models import Employee
from tests.integration.workers import QueuedOn, queue_delete, stop, worker_start

from .test_journeys import log_in

pytestmark = pytest.mark.e2e
ROWS = 200


@pytest.fixture
def import_worker(site, monkeypatch, tmp_path):
    queue = f"baomi-test-{uuid.uuid4().hex[:12]}"
    for name in ("import_check", "import_apply"):
        monkeypatch.setattr(personnel.tasks, name, QueuedOn(getattr(personnel.tasks, name), queue))
    process = worker_start(queue, tmp_path / "worker.log")
    yield process
    stop(process)
    queue_delete(queue)


def id_number(serial: int) -> str:
    first17 = f"11010519900307{serial:03d}"
    return first17 + gb11643_check_digit(first17)


def fill_template(path, rows: int) -> None:
    """The downloaded template with `rows` people under its example row (which is skipped)."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for n in range(rows):
        values = {
            "工号": f"N{n:04d}",
            "姓名": f"导入{n:03d}号",
            "部门": "研发部",
            "用工类型": "正式",
            "证件类型": "居民身份证",
            "身份证件号码": id_number(n),
            "入职日期": date(2026, 11, 2),
        }
        sheet.append([values.get(column) for column in header])
    workbook.save(path)


def test_hr_imports_a_roster_of_200_from_the_template(page: Page, site, import_worker, tmp_path):
    log_in(page, site, "hr")
    page.goto(f"{site}/personnel/employees/")
    page.get_by_role("link", name="导入").click()
    with page.expect_download() as download:
        page.get_by_test_id("import-template").click()
    filled = tmp_path / "员工导入.xlsx"
    download.value.save_as(filled)
    fill_template(filled, ROWS)

    page.set_input_files("input[type=file]", str(filled))
    page.get_by_role("button", name="上传并校验").click()
    counts = page.get_by_test_id("import-counts")
    expect(counts).to_be_visible(timeout=60_000)  # the background check has finished
    expect(counts).to_contain_text(str(ROWS))
    page.get_by_test_id("import-all").click()
    expect(page.get_by_test_id("import-done")).to_be_visible(timeout=60_000)

    assert Employee.objects.filter(employee_no__startswith="N").count() == ROWS
    page.goto(f"{site}/personnel/employees/?q=导入123号")
    expect(page.locator("table tbody")).to_contain_text("N0123")

    # The picker finds one of the 200 by typing, as any form that names a person does.
    page.goto(f"{site}/clearance/grants/new/")
    box = page.locator("input[name=employee_search]")
    box.fill("导入12")
    options = page.locator("#id_employee_results [data-pick]")
    expect(options).to_have_count(10)  # 导入120号 … 导入129号
    box.fill("N0123")
    expect(options).to_have_count(1)
    box.press("Enter")
    expect(box).to_have_value("导入123号（N0123）")
    person = Employee.objects.get(employee_no="N0123")
    expect(page.locator("input[name=employee][type=hidden]")).to_have_value(str(person.pk))
