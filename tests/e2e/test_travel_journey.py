"""emp_rd asks to travel abroad; head_rd signs; security records the briefing, emp_rd
confirms it, security approves; as core staff emp_rd also needs the general manager."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clearance.models import TravelRequest

from .test_journeys import log_in

pytestmark = pytest.mark.e2e


def as_user(page: Page, site: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, site, username)


def sign(page: Page, decision: str = "approve") -> None:
    form = page.locator("form[action$='/decide/']")
    form.locator("select[name=decision]").select_option(decision)
    form.locator("textarea[name=comment]").fill("同意")
    form.locator("button[type=submit]").click()


def test_a_trip_is_approved_after_the_briefing(page: Page, site):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    as_user(page, site, "emp_rd")
    page.goto(f"{site}/clearance/travel/new/")
    page.fill("input[name=destination]", "德国慕尼黑")
    page.fill("input[name=departure]", (today + datetime.timedelta(days=14)).isoformat())
    page.fill("input[name=return_date]", (today + datetime.timedelta(days=20)).isoformat())
    page.fill("textarea[name=purpose]", "参加行业展会")
    page.locator("form button[type=submit]").click()
    trip = TravelRequest.objects.get(destination="德国慕尼黑")
    detail = f"{site}/clearance/travel/{trip.pk}/"
    page.wait_for_url(detail)
    expect(page.get_by_test_id("travel-status")).to_have_text("审批中")

    as_user(page, site, "head_rd")
    page.goto(detail)
    sign(page)
    expect(page.locator(".alert-success")).to_be_visible()

    as_user(page, site, "security")
    page.goto(f"{site}/clearance/desk/")
    expect(page.get_by_test_id("desk-travel")).to_contain_text("未完成保密提醒")
    page.goto(detail)
    sign(page)  # refused: no briefing yet
    expect(page.locator(".alert-danger")).to_contain_text("保密提醒谈话")
    briefing = page.get_by_test_id("briefing-form")
    briefing.locator("textarea[name=note]").fill("不得携带涉密载体出境")
    briefing.locator("button[type=submit]").click()
    expect(page.get_by_test_id("briefing")).to_contain_text("出行人尚未确认")

    as_user(page, site, "emp_rd")
    page.goto(detail)
    page.get_by_role("button", name="确认已接受保密提醒").click()
    expect(page.get_by_test_id("briefing")).to_contain_text("出行人已确认")

    as_user(page, site, "security")
    page.goto(detail)
    sign(page)
    expect(page.locator(".alert-success")).to_be_visible()

    as_user(page, site, "gm")
    page.goto(detail)
    sign(page)
    expect(page.get_by_test_id("travel-status")).to_have_text("已批准")
    page.screenshot(path="/tmp/e2e-travel.png", full_page=True)
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.APPROVED and trip.briefing_done
