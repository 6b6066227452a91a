"""User journeys through the real login form, in Chromium, against the live server."""

import re

import pytest
from playwright.sync_api import Page, expect

from audit.models import AccessLog
from personnel.demo import DEMO_PASSWORD
from personnel.models import Employee

# live_server implies transactional_db: the server thread sees committed data only.
pytestmark = pytest.mark.e2e

SCREENSHOT = "/tmp/e2e-list.png"


def log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{site}/")
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    page.get_by_test_id("user-menu").click()


def test_hr_finds_an_employee_and_opens_the_record(page: Page, site):
    log_in(page, site, "hr")
    nav = page.locator("nav")
    expect(nav.get_by_role("link", name="员工")).to_be_visible()
    expect(nav.get_by_role("link", name="报表")).to_be_visible()

    nav.get_by_role("link", name="员工").click()
    page.wait_for_url(f"{site}/personnel/employees/")
    expect(page.locator("h1")).to_contain_text("员工")
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.fill("input[name=q]", "黄磊")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"/personnel/employees/\?.*q=%E9%BB%84%E7%A3%8A"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("研发部")

    rows.first.get_by_role("link", name="黄磊").click()
    huang = Employee.objects.get(name="黄磊")
    page.wait_for_url(f"{site}/personnel/employees/{huang.pk}/")
    expect(page.locator("h1")).to_contain_text("黄磊")
    expect(page.locator("h1")).to_contain_text("R0002")
    department = page.locator("tr", has=page.locator("th", has_text="部门"))
    expect(department.locator("td")).to_have_text("研发部")
    assert AccessLog.objects.filter(
        username="hr", action=AccessLog.Action.VIEW, target_id=str(huang.pk)
    ).exists()


def test_an_auditor_exports_the_roster_pdf_from_the_reports_page(page: Page, site):
    log_in(page, site, "auditor")
    page.locator("nav").get_by_role("link", name="报表").click()
    page.wait_for_url(f"{site}/reports/")
    link = page.locator("a[href='/personnel/employees/roster.pdf']")
    expect(link).to_have_count(1)
    expect(link).to_be_visible()

    href = link.get_attribute("href")

    # Clicking opens the PDF in Chromium's viewer (no download event); the navigation's own
    # response carries the viewer's wrapper page as body, so only its headers are checked.
    with page.expect_response(lambda r: r.url == site + href) as clicked:
        link.click()
    assert clicked.value.status == 200
    assert clicked.value.headers["content-type"] == "application/pdf"

    # The bytes: the same address through the page's logged-in context (same cookies).
    response = page.request.get(site + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # Named by its title and copy number, as a reader would file it.
    assert re.fullmatch(
        r"inline; filename\*=utf-8''(.+)-ROSTER-\d{5}\.pdf", response.headers["content-disposition"]
    )
    assert "%E6%B6%89%E5%AF%86" in response.headers["content-disposition"]  # 涉密…
    assert response.body().startswith(b"%PDF-")

    # Each export took its own copy number and was logged (C5).
    copies = list(
        AccessLog.objects.filter(
            username="auditor", action=AccessLog.Action.EXPORT, target_type="report:roster"
        ).values_list("copy_number", flat=True)
    )
    # (>= 2: the viewer may fetch the file once more; every fetch is an export.)
    assert len(copies) >= 2 and len(set(copies)) == len(copies), copies
    assert any(copy in response.headers["content-disposition"] for copy in copies)


def test_a_department_head_sees_only_their_department(page: Page, site):
    log_in(page, site, "head_cs")
    page.goto(f"{site}/personnel/employees/")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    departments = rows.locator("td:nth-child(3)").all_inner_texts()
    assert departments and set(departments) == {"客服部"}, departments
    expect(page.locator("table")).not_to_contain_text("研发部")
    expect(page.locator("table")).not_to_contain_text("黄磊")

    page.fill("input[name=q]", "黄磊")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("table tbody")).not_to_contain_text("黄磊")

    huang = Employee.objects.get(name="黄磊")
    response = page.goto(f"{site}/personnel/employees/{huang.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("黄磊")
    assert not AccessLog.objects.filter(username="head_cs", target_id=str(huang.pk)).exists()


def test_on_a_phone_the_menu_folds_behind_a_button(page: Page, site):
    log_in(page, site, "hr")
    page.set_viewport_size({"width": 390, "height": 844})
    employees = page.locator("nav").get_by_role("link", name="员工")
    expect(employees).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(employees).to_be_visible()
    page.locator("nav").get_by_role("button", name="保密管理").click()
    expect(page.locator("nav").get_by_role("link", name="出国(境)")).to_be_visible()
