"""R3: an external auditor's account is given read-only access for a period; outside it the
account signs in to nothing and an open session ends."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import access_period_set
from core.errors import DomainError
from personnel.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def user(name):
    return get_user_model().objects.get(username=name)


def limit(starts, ends, actor="secadmin"):
    return access_period_set(
        actor=user(actor),
        user=user("auditor"),
        starts_on=TODAY + datetime.timedelta(days=starts),
        ends_on=TODAY + datetime.timedelta(days=ends),
        reason="2026 年度外部保密审计",
    )


def signs_in() -> bool:
    client = Client()
    client.post(reverse("login"), {"username": "auditor", "password": DEMO_PASSWORD})
    return "_auth_user_id" in client.session


def test_within_its_period_the_auditor_reads(demo, login):
    limit(-1, 1)
    client = login("auditor")
    assert client.get(reverse("clearance:inspection_list")).status_code == 200
    assert signs_in()


@pytest.mark.parametrize(("starts", "ends"), [(-10, -1), (1, 10)])
def test_outside_its_period_the_account_sees_nothing(demo, login, starts, ends):
    client = login("auditor")
    limit(starts, ends)
    response = client.get(reverse("clearance:inspection_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not signs_in()


def test_only_the_security_administrator_sets_the_period(demo):
    with pytest.raises(PermissionDenied):
        limit(-1, 1, actor="security")
    with pytest.raises(DomainError):
        limit(1, -1)
    period = limit(-1, 1)
    assert period.history.first().history_user.username == "secadmin"


def test_the_security_administrator_sets_it_on_the_roles_page(demo, login):
    auditor = user("auditor")
    url = reverse("personnel:access_period_edit", args=[auditor.pk])
    data = {"starts_on": "2020-01-01", "ends_on": "2020-01-31", "reason": "2019 年度审计"}
    assert login("security").post(url, data).status_code == 403
    login("secadmin").post(url, data)
    assert (auditor.access_period.starts_on, auditor.access_period.reason) == (
        datetime.date(2020, 1, 1),
        "2019 年度审计",
    )
    page = login("secadmin").get(reverse("personnel:role_edit", args=[auditor.pk]))
    assert "2020-01-31" in page.content.decode() and "访问期限" in page.content.decode()
    assert not signs_in()
