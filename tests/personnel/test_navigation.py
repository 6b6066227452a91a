"""The navigation asks whether the person heads a department at login and then once a
minute, not on every page."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from personnel.models import Department

CANDIDATES_LINK = 'href="/onboarding/candidates/"'


def department_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/personnel/employees/").content.decode()
    exists = 'SELECT 1 AS "a" FROM "personnel_department" WHERE "personnel_department"."head_id"'
    asked = [q for q in queries.captured_queries if q["sql"].startswith(exists)]
    return len(asked), text


def test_a_head_is_asked_at_login_then_once_a_minute(demo, login):
    start = timezone.now()
    with time_machine.travel(start):
        client = login("head_rd")  # asked here, with the account's other facts
        asked, text = department_queries(client)
        assert asked == 0 and CANDIDATES_LINK in text
    with time_machine.travel(start + datetime.timedelta(seconds=30)):
        assert department_queries(client)[0] == 0
    Department.objects.filter(code="RD").update(head=None)
    with time_machine.travel(start + datetime.timedelta(seconds=61)):
        asked, text = department_queries(client)
        assert asked == 1 and CANDIDATES_LINK not in text
