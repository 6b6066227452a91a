"""The resignation journey in Chromium: emp_cs submits; head_cs → hr → hr_head → vp → gm
approve in their inboxes; the departure checklist appears."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from offboarding.models import Resignation

from .test_journeys import log_in

pytestmark = pytest.mark.e2e


def switch_user(page: Page, site: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, site, username)


def approve_from_inbox(page: Page, site: str, username: str, **fields) -> None:
    switch_user(page, site, username)
    page.goto(f"{site}/approvals/inbox/")
    page.locator("table tbody tr a").first.click()
    form = page.locator("form[action$='/decide/']")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("select[name=decision]").select_option("approve")
    form.locator("[name=comment]").fill("同意")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_resignation_goes_through_the_five_steps(page: Page, site):
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, site, "emp_cs")
    page.goto(f"{site}/offboarding/resignations/new/")
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    page.fill("input[name=last_day]", last_day.isoformat())
    page.fill("textarea[name=reason]", "个人发展，感谢公司培养")
    page.locator("form button[type=submit]").click()
    resignation = Resignation.objects.get()
    page.wait_for_url(f"{site}/offboarding/resignations/{resignation.pk}/")
    expect(page.get_by_test_id("resignation-status")).to_have_text("审批中")

    approve_from_inbox(page, site, "head_cs", handover_arrangements="客户资料交接给许静")
    for username in ["hr", "hr_head", "vp", "gm"]:
        approve_from_inbox(page, site, username)

    expect(page.get_by_test_id("resignation-status")).to_have_text("离职手续办理中")
    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_be_visible()
    expect(checklist.locator("tbody tr")).to_have_count(8)
    expect(page.get_by_test_id("decryption-period")).to_be_visible()
    page.screenshot(path="/tmp/e2e-resignation.png", full_page=True)
    resignation.refresh_from_db()
    assert resignation.status == Resignation.Status.EXIT
