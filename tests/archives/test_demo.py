"""Issue 9 item 10: the demo archive, on top of the demo organisation; idempotent."""

import pytest
from django.contrib.auth import get_user_model

from approvals.models import ApprovalStep
from archives.demo import seed_archives_demo
from archives.models import ArchiveItem, Inspection, Loan, MissingReport, ReadingRequest
from archives.services.destruction import past_retention
from core.classification import Level

pytestmark = pytest.mark.django_db


def test_the_demo_archive(demo):
    assert 35 <= seed_archives_demo()["items"] <= 45
    assert set(ArchiveItem.objects.values_list("level", flat=True)) == set(Level.values)
    assert ArchiveItem.objects.values("department").distinct().count() >= 4
    assert not ArchiveItem.objects.filter(
        level__in=[Level.SECRET, Level.TOP_SECRET], custodian__isnull=True
    ).exists()
    assert Loan.objects.filter(status=Loan.Status.OVERDUE).count() == 1
    assert Loan.objects.filter(status=Loan.Status.RETURNED).count() == 1
    assert MissingReport.objects.filter(found_on__isnull=True).count() == 1
    waiting = ApprovalStep.objects.filter(
        status=ApprovalStep.Status.PENDING, chain__kind="archive_reading"
    )
    assert sorted(waiting.values_list("role", flat=True)) == [
        "archivist",
        "confidentiality_committee",
        "dept_head",
        "dept_head",
    ]
    assert ReadingRequest.objects.filter(status=ReadingRequest.Status.REQUESTED).count() == 4
    clerk = get_user_model().objects.get(username="archivist")
    assert past_retention(clerk).count() == 2 and Inspection.objects.count() == 1
    assert seed_archives_demo() == {"items": 0}
