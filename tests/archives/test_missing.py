"""A6 missing items: found again closes the report; still missing after 10 days (绝密) or
60 days (机密/秘密) the sweep opens one leak incident through the security office's service."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.models import ArchiveItem, MissingReport
from archives.services import missing
from archives.sweeps import archive_sweep
from clearance.models import Incident
from core.classification import Level
from core.errors import DomainError

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cleared(demo):
    grant_all()


@pytest.mark.parametrize(
    "level, limit", [(Level.TOP_SECRET, 10), (Level.SECRET, 60), (Level.CONFIDENTIAL, 60)]
)
def test_an_incident_opens_on_the_limit_day_and_only_once(cleared, level, limit):
    today = timezone.localdate()
    item = make_item(level)
    missing_report = report_as_clerk(item, today)
    sweep = lambda day: archive_sweep(actor=user("hr"), today=day)  # noqa: E731
    assert sweep(today + (limit - 1) * DAY)["missing_incidents_opened"] == 0
    assert sweep(today + limit * DAY)["missing_incidents_opened"] == 1
    assert sweep(today + (limit + 1) * DAY)["missing_incidents_opened"] == 0
    missing_report.refresh_from_db()
    incident = missing_report.incident
    assert incident.source == Incident.Source.MISSING_ITEM and item.catalogue_no in incident.title
    assert item.title not in incident.title  # its readers may not be cleared for the item
    assert Incident.objects.filter(source=Incident.Source.MISSING_ITEM).count() == 1


def report_as_clerk(item, since):
    """The clerk reports, or for 绝密 (above the clerk's clearance) the security office."""
    clerk = "security" if item.level == Level.TOP_SECRET else "archivist"
    return missing.missing_report(actor=user(clerk), item=item, missing_since=since)


def test_an_internal_item_never_becomes_a_leak_incident(cleared):
    item = make_item(Level.INTERNAL)
    report_as_clerk(item, timezone.localdate())
    result = archive_sweep(actor=user("hr"), today=timezone.localdate() + 400 * DAY)
    assert result["missing_incidents_opened"] == 0


def test_found_again_closes_the_report_before_the_limit(cleared, login):
    item = make_item(Level.SECRET)
    missing_report = report_as_clerk(item, timezone.localdate())
    assert ArchiveItem.objects.get(pk=item.pk).status == ArchiveItem.Status.MISSING
    with pytest.raises(DomainError):
        report_as_clerk(item, timezone.localdate())
    login("archivist").post(reverse("archives:missing_found", args=[missing_report.pk]))
    missing_report.refresh_from_db()
    assert missing_report.found_on == timezone.localdate()
    assert ArchiveItem.objects.get(pk=item.pk).status == ArchiveItem.Status.IN_STORE
    later = timezone.localdate() + 90 * DAY
    assert archive_sweep(actor=user("hr"), today=later)["missing_incidents_opened"] == 0


def test_only_the_clerk_reports_missing(cleared, login):
    item = make_item(Level.INTERNAL)
    since = {"missing_since": timezone.localdate().isoformat()}
    response = login("emp_cs").post(reverse("archives:item_missing", args=[item.pk]), since)
    assert response.status_code == 403 and not MissingReport.objects.exists()
    login("archivist").post(
        reverse("archives:item_missing", args=[item.pk]),
        {"missing_since": timezone.localdate().isoformat()},
    )
    assert MissingReport.objects.filter(item=item, found_on__isnull=True).exists()


def test_the_daily_task_runs_the_whole_sweep(cleared):
    from archives.tasks import sweep

    result = sweep()
    assert set(result) >= {
        "loans_reminded",
        "loans_marked_overdue",
        "overdue_notices",
        "missing_incidents_opened",
        "inspection_reminders",
    }
