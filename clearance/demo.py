"""Demo data for the security desk: held passports and one trip waiting for its head."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from personnel.models import Employee

from .models import TravelDocument, TravelRequest
from .services import travel


def seed_travel_demo() -> None:
    users = get_user_model().objects
    security = users.get(username="security")
    for username, number in [("emp_rd", "E20481357"), ("head_rd", "E31572468")]:
        holder = Employee.objects.get(user__username=username)
        if not TravelDocument.objects.filter(number=number).exists():
            travel.document_register(
                actor=security,
                employee=holder,
                kind="passport",
                number=number,
                expires_on=datetime.date(2031, 6, 30),
            )
    if not TravelRequest.objects.exists():
        today = timezone.localdate()
        traveller = users.get(username="emp_rd")
        travel.travel_request(
            actor=traveller,
            employee=traveller.employee,
            destination="新加坡",
            departure=today + datetime.timedelta(days=21),
            return_date=today + datetime.timedelta(days=25),
            purpose="客户技术交流",
        )
