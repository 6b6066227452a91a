"""A picker in Chromium (core.pickers): head_rd asks for a clearance, finds the person by
typing, chooses from the keyboard, and never sees another department's people."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clearance.models import Clearance

from .test_journeys import log_in

pytestmark = pytest.mark.e2e

SCREENSHOT = "/tmp/e2e-picker.png"


def test_a_head_picks_a_person_by_typing_and_from_the_keyboard(page: Page, site):
    log_in(page, site, "head_rd")
    page.goto(f"{site}/clearance/grants/new/")
    box = page.locator("input[name=employee_search]")
    results = page.locator("#id_employee_results")

    box.fill("林芳")  # 客服部: not the head's department
    expect(results).to_contain_text("没有匹配结果")
    expect(results.locator("[data-pick]")).to_have_count(0)

    box.fill("何")
    option = results.locator("[data-pick]")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("何军（R0003）")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=SCREENSHOT, full_page=True)
    box.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("何军（R0003）")
    expect(results.locator("[data-pick]")).to_have_count(0)
    hidden = page.locator("input[name=employee][type=hidden]")
    expect(hidden).not_to_have_value("")

    page.select_option("select[name=level]", "confidential")
    page.fill("input[name=valid_from]", timezone.localdate().isoformat())
    page.fill("textarea[name=reason]", "项目需要")
    page.locator("form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{site}/clearance/grants/*/")
    assert Clearance.objects.get().employee.employee_no == "R0003"


def test_typing_again_forgets_the_row_picked_before(page: Page, site):
    log_in(page, site, "head_rd")
    page.goto(f"{site}/clearance/grants/new/")
    box = page.locator("input[name=employee_search]")
    box.fill("黄")
    expect(page.locator("#id_employee_results [data-pick]")).to_have_count(1)
    box.press("Enter")  # Enter in the box takes the first match, not the form
    hidden = page.locator("input[name=employee][type=hidden]")
    expect(hidden).not_to_have_value("")
    assert "/grants/new/" in page.url
    box.press("Backspace")
    expect(hidden).to_have_value("")
    box.press("Escape")
    expect(page.locator("#id_employee_results [data-pick]")).to_have_count(0)
