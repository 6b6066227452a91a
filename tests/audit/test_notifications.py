"""Issue 17, item 6: a mark-all-read on notifications, and the product's own favicon."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import reverse

from core.models import Notification
from core.notifications import notify

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_mark_all_read_reads_every_page_and_only_mine(demo, login):
    for n in range(45):  # more than one page of 30
        notify(recipients=[user("emp_rd")], subject=f"提醒 {n}", dedupe_key=f"t:{n}")
    notify(recipients=[user("emp_cs")], subject="别人的提醒", dedupe_key="t:other")
    client = login("emp_rd")
    response = client.post(reverse("audit:notification_read_all"), follow=True)
    assert "已将 45 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=user("emp_rd"), read_at=None).exists()
    assert Notification.objects.filter(recipient=user("emp_cs"), read_at=None).count() == 1


def test_mark_all_read_is_a_post(demo, login):
    assert login("emp_rd").get(reverse("audit:notification_read_all")).status_code == 405


def test_every_page_carries_the_favicon(demo, login):
    text = login("emp_rd").get(reverse("audit:notification_list")).content.decode()
    assert 'rel="icon"' in text and finders.find("img/favicon.svg")
