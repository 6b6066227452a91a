"""hr registers a candidate, records four passed checks, hires them into a secret post;
the employee page shows the pre-post conditions still missing."""

import pytest
from playwright.sync_api import Page, expect

from onboarding.models import Candidate
from personnel.models import Employee, Position

from .test_journeys import log_in

pytestmark = pytest.mark.e2e


def test_hr_vets_and_hires_into_a_secret_post(page: Page, site):
    page.on("dialog", lambda dialog: dialog.accept())
    post = Position.objects.get(department__code="RD", title="研发工程师")
    log_in(page, site, "hr")
    page.goto(f"{site}/onboarding/candidates/new/")
    page.fill("input[name=name]", "周新")
    page.fill("input[name=id_number]", "110101199101011234")
    page.select_option("select[name=department]", str(post.department_id))
    page.select_option("select[name=position]", str(post.pk))
    page.locator("form button[type=submit]").click()
    candidate = Candidate.objects.get(name="周新")
    page.wait_for_url(f"{site}/onboarding/candidates/{candidate.pk}/")
    expect(page.get_by_test_id("hire-missing")).to_be_visible()

    vetting = page.locator("form[action$='/vetting/']")
    for check in Candidate.CHECKS:
        vetting.locator(f"select[name={check}]").select_option("pass")
    for condition in Candidate.CONDITIONS:
        vetting.locator(f"select[name={condition}]").select_option("true")
    vetting.locator("textarea[name=note]").fill("四项考察均通过")
    vetting.locator("button[type=submit]").click()
    expect(page.get_by_test_id("hire-missing")).to_have_count(0)

    hire = page.locator("form[action$='/hire/']")
    hire.locator("input[name=employee_no]").fill("R0300")
    hire.locator("input[name=username]").fill("zhou_xin")
    hire.locator("button[type=submit]").click()
    employee = Employee.objects.get(employee_no="R0300")
    page.wait_for_url(f"{site}/personnel/employees/{employee.pk}/")
    gate = page.get_by_test_id("pre-post")
    expect(gate.locator("li.text-danger")).to_have_count(3)
    page.screenshot(path="/tmp/e2e-onboarding.png", full_page=True)
    assert employee.status == Employee.Status.AWAITING_POST and employee.tier == "core"
