"""A trip abroad approved tells the apps above clearance (a signal): training assigns the
traveller their education before travel."""

import pytest

from clearance.models import TravelRequest
from clearance.signals import travel_approved
from training.models import Assignment, TrainingKind

from .test_travel import approved_trip, decide, request_trip

pytestmark = pytest.mark.django_db


def travel_education(username):
    return Assignment.objects.filter(employee__user__username=username, kind=TrainingKind.TRAVEL)


def test_an_approved_trip_assigns_the_education_before_travel(demo):
    trip = approved_trip("emp_rd")
    (assignment,) = travel_education("emp_rd")
    assert assignment.status == Assignment.Status.ASSIGNED
    assert assignment.history.first().history_user.username == "gm"  # the last approver
    assert trip.status == TravelRequest.Status.APPROVED


def test_the_signal_carries_the_trip_and_who_approved(demo):
    heard = []

    def listen(sender, *, travel, actor, **kwargs):
        heard.append((sender, travel.pk, actor.username))

    travel_approved.connect(listen)
    try:
        trip = approved_trip("emp_rd")
    finally:
        travel_approved.disconnect(listen)
    assert heard == [(TravelRequest, trip.pk, "gm")]


def test_a_rejected_trip_assigns_nothing(demo):
    trip = request_trip("emp_rd")
    decide("head_rd", trip, outcome="reject", comment="项目关键期")
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.REJECTED
    assert not travel_education("emp_rd").exists()
