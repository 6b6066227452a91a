"""The navigation asks whether the person heads a department at login and then once a
minute, not on every page."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import Permission
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.notifications import notify
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


# Issue 16: the menu is rendered once per set of what it shows by (core.templatetags.menu).
DEPARTMENTS_LINK = 'href="/personnel/departments/"'


def test_a_right_granted_shows_in_the_menu_on_the_next_page(demo, login):
    assert DEPARTMENTS_LINK in login("hr").get("/personnel/employees/").content.decode()
    client = login("emp_cs")
    assert DEPARTMENTS_LINK not in client.get("/personnel/employees/").content.decode()
    get_user_model().objects.get(username="emp_cs").user_permissions.add(
        Permission.objects.get(codename="view_department", content_type__app_label="personnel")
    )
    assert DEPARTMENTS_LINK in client.get("/personnel/employees/").content.decode()


def test_the_menu_speaks_the_chosen_language(demo, login, settings):
    client = login("hr")
    assert "人员管理</a>" in client.get("/personnel/employees/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/personnel/employees/").content.decode()
    assert ">Personnel</a>" in english and "人员管理</a>" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "人员管理</a>" in client.get("/personnel/employees/").content.decode()


def test_the_inbox_count_is_live_inside_the_kept_menu(demo):
    user = get_user_model().objects.get(username="head_rd")
    menu = Template("{% load menu %}{% main_menu %}")
    context = {"user": user, "perms": PermWrapper(user), "current_employee": user.employee}
    three = menu.render(Context({**context, "inbox_count": 3}))
    none = menu.render(Context({**context, "inbox_count": 0}))
    badge = ' <span class="badge text-bg-danger" data-testid="inbox-count">3</span>'
    assert badge in three and "inbox-count" not in none
    assert three.replace(badge, "") == none


def notification_queries(client, method: str, path: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path)
    counted = [q["sql"] for q in queries.captured_queries if '"audit_notification"' in q["sql"]]
    return counted, response.content.decode()


def test_a_page_reads_its_badges_with_the_signed_in_user(demo, login):
    client = login("head_rd")
    notify(recipients=[get_user_model().objects.get(username="head_rd")], subject="一", body="")
    counted, text = notification_queries(client, "get", "/personnel/employees/")
    assert 'data-testid="unread-count">1</span>' in text
    assert len(counted) == 1 and '"auth_user"' in counted[0]  # no query of their own


def test_a_form_shown_again_counts_its_badges_afresh(demo, login):
    """The user was read before the request did its work: a page it renders itself after a
    POST counts the badges again."""
    client = login("head_rd")
    counted, text = notification_queries(client, "post", "/accounts/password_change/")
    assert "invalid-feedback" in text  # the form, shown again with its errors
    assert len(counted) == 2 and '"auth_user"' not in counted[1]
