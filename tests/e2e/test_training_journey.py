"""The monthly training journey in Chromium: HR assigns the month, records a session, marks
three attendees and their scores in one table, and the compliance page shows the totals
computed by hand."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from training.models import Assignment, TrainingKind, TrainingSession
from training.services import current_month

from .test_journeys import log_in

pytestmark = pytest.mark.e2e

SCREENSHOT = "/tmp/e2e-training.png"
SCORES = (95, 88, 50)


def test_hr_runs_a_monthly_session_and_sees_the_compliance_totals(page: Page, site):
    page.on("dialog", lambda dialog: dialog.accept())  # the "assign now?" confirm
    log_in(page, site, "hr")
    month = current_month()
    today = timezone.localdate()

    # Assign this month's education (the button posts a form after a JS confirm).
    page.goto(f"{site}/training/")
    assign = page.locator("form[action$='/training/assign-monthly/'] button")
    expect(assign).to_have_count(1)
    assign.click()
    page.wait_for_url(f"{site}/training/")
    expect(page.locator(".alert-success")).to_be_visible()
    assigned = Assignment.objects.filter(kind=TrainingKind.MONTHLY, month=month)
    n = assigned.count()
    assert n == 23, n  # the demo's classified staff

    # Record a monthly session held today.
    page.goto(f"{site}/training/sessions/new/")
    page.select_option("select[name=kind]", "monthly")
    page.fill("input[name=topic]", "保密法规与泄密案例警示教育")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=trainer]", "郑涛")
    page.locator("form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"^{re.escape(site)}/training/sessions/\d+/$"))
    session = TrainingSession.objects.get(topic="保密法规与泄密案例警示教育")
    assert page.url == f"{site}/training/sessions/{session.pk}/"
    assert (session.kind, session.held_on) == (TrainingKind.MONTHLY, today)

    # One table: tick three of the people waiting for it, give their scores, save once.
    boxes = page.locator("[data-testid=session-sheet] input[name=attended]")
    expect(boxes).to_have_count(n)
    chosen = [boxes.nth(i).get_attribute("value") for i in range(3)]
    for value, score in zip(chosen, SCORES, strict=True):
        page.check(f"input[name=attended][value='{value}']")
        page.fill(f"input[name='score-{value}']", str(score))
    page.locator("form[action*='/results/'] button[type=submit]").click()
    page.wait_for_url(f"{site}/training/sessions/{session.pk}/")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("[data-testid=session-sheet] input[name=attended]:disabled")).to_have_count(
        3
    )
    for value, score in zip(chosen, SCORES, strict=True):
        expect(page.locator(f"input[name='score-{value}']")).to_have_value(str(score))
    scored = dict(
        Assignment.objects.filter(pk__in=chosen).values_list("pk", "score"),
    )
    assert scored == {int(v): s for v, s in zip(chosen, SCORES, strict=True)}

    # The compliance page: totals as computed by hand.
    completion = round(100 * 3 / n, 1)
    average = round(sum(SCORES) / len(SCORES), 1)
    assert (completion, average) == (13.0, 77.7)
    page.goto(f"{site}/training/compliance/?month={month:%Y-%m}")
    table = page.locator("[data-testid=compliance-table]")
    expect(table).to_be_visible()
    expect(page.locator("[data-testid=total-completion]")).to_have_text(f"{completion}%")
    expect(page.locator("[data-testid=total-average]")).to_have_text(str(average))
    # This month's bar in the chart carries the same rate (no decimals there).
    chart = page.locator("svg[role=img]")
    expect(chart.locator("rect")).to_have_count(12)
    assert chart.locator("text").all_text_contents()[-2:] == [
        f"{completion:.0f}%",
        f"{month:%y-%m}",
    ]
    page.screenshot(path=SCREENSHOT, full_page=True)
