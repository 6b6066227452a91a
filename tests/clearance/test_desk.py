"""The security office's desk (C6, C7, C9, P7): what waits for them, on one page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clearance.models import TravelRequest
from clearance.services import incidents

from .test_travel import DAY, approved_trip, decide, request_trip, user

pytestmark = pytest.mark.django_db


def test_the_desk_lists_what_waits(demo, login):
    trip = request_trip("emp_rd")
    decide("head_rd", trip)
    incidents.incident_report(
        actor=user("emp_cs"),
        title="资料外泄",
        description="x",
        discovered_at=timezone.now() - datetime.timedelta(hours=2),
    )
    back = approved_trip("head_rd")
    TravelRequest.objects.filter(pk=back.pk).update(  # came back two days ago
        departure=timezone.localdate() - 9 * DAY, return_date=timezone.localdate() - 2 * DAY
    )
    html = login("security").get(reverse("clearance:desk")).content.decode()
    travel_card = html.split('data-testid="desk-travel"')[1].split("</ul>")[0]
    assert "德国慕尼黑" in travel_card and "等待您审批" in travel_card
    assert "未完成保密提醒" in travel_card and "待反馈或回访谈话" in travel_card
    assert "资料外泄" in html.split('data-testid="desk-incidents"')[1]
