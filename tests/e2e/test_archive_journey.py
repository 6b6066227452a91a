"""The loan journey in Chromium: an employee applies for a 2-day loan, their head and the
information-management specialist approve, the clerk hands it out with the borrower's
signature, and the register shows it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from archives.models import Loan
from core.classification import Level
from tests.archives.helpers import make_item

from .test_journeys import log_in

pytestmark = pytest.mark.e2e


def as_user(page: Page, site: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, site, username)


def decide(page: Page, site: str, username: str, loan: Loan) -> None:
    as_user(page, site, username)
    page.goto(f"{site}/archives/loans/{loan.pk}/")
    page.select_option("form[action$='/decide/'] select[name=decision]", "approve")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    page.wait_for_url(f"{site}/archives/loans/{loan.pk}/")
    expect(page.locator(".alert-success")).to_be_visible()


def test_an_employee_borrows_an_item_through_the_register(page: Page, site):
    item = make_item(Level.INTERNAL, title="客户回访记录汇编", department="CS")
    as_user(page, site, "emp_cs")
    page.goto(f"{site}/archives/items/?q={item.catalogue_no}")
    page.locator(f"a[href='/archives/items/{item.pk}/']").click()
    expect(page.locator("[data-testid=marking]")).to_have_text("内部")
    page.locator(f"a[href='/archives/loans/new/?item={item.pk}']").click()
    due = timezone.localdate() + datetime.timedelta(days=2)
    page.fill("input[name=copies]", "1")
    page.fill("textarea[name=reason]", "核对客户回访情况")
    page.fill("input[name=due_date]", due.isoformat())
    page.locator("form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"^{re.escape(site)}/archives/loans/\d+/$"))
    loan = Loan.objects.get(item=item)
    assert loan.status == Loan.Status.REQUESTED and loan.due_date == due

    decide(page, site, "head_cs", loan)
    decide(page, site, "info_spec", loan)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED

    as_user(page, site, "archivist")
    page.goto(f"{site}/archives/loans/{loan.pk}/")
    page.check("form[action$='/hand-out/'] input[name=borrower_signed]")
    page.locator("form[action$='/hand-out/'] button[type=submit]").click()
    page.wait_for_url(f"{site}/archives/loans/{loan.pk}/")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OUT and loan.handed_out_by.username == "archivist"
    page.goto(f"{site}/archives/loans/")
    expect(page.locator(f"a[href='/archives/loans/{loan.pk}/']")).to_be_visible()
    expect(page.get_by_text("客户回访记录汇编")).to_be_visible()
