"""Periodic reviews in bulk (C7, issue 17): the security office ticks people on the list of
reviews due and records one result for them all, in one transaction."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clearance.models import Clearance, PeriodicReview
from personnel.models import DossierEntry, Employee
from tests.archives.helpers import grant

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def people(*numbers) -> list[Employee]:
    return list(Employee.objects.filter(employee_no__in=numbers).order_by("employee_no"))


def bulk(client, numbers, **data):
    return client.post(
        reverse("clearance:review_bulk"),
        {"employee": [p.pk for p in people(*numbers)], **data},
    )


def test_the_office_records_one_result_for_everyone_ticked(demo, login):
    client = login("security")
    page = client.get(reverse("clearance:review_list")).content.decode()
    for person in people("R0002", "R0003", "C0002"):
        assert f'name="employee" value="{person.pk}"' in page  # due: hired years ago
    response = bulk(client, ["R0002", "R0003", "C0002"], result="passed", note="年度审查")
    assert response.status_code == 302
    reviews = PeriodicReview.objects.filter(employee__in=people("R0002", "R0003", "C0002"))
    assert reviews.count() == 3
    assert {(r.result, r.note, r.reviewer.username) for r in reviews} == {
        ("passed", "年度审查", "security")
    }
    assert DossierEntry.objects.filter(kind=DossierEntry.Kind.VETTING).count() == 3
    page = client.get(reverse("clearance:review_list")).content.decode()
    assert f'name="employee" value="{people("R0002")[0].pk}"' not in page  # no longer due


def test_an_adverse_result_suspends_the_clearances_of_each(demo, login):
    grant("emp_rd", "secret")
    grant("emp_cs", "confidential")
    bulk(login("security"), ["R0002", "C0002"], result="adverse")
    statuses = Clearance.objects.filter(employee__in=people("R0002", "C0002"))
    assert set(statuses.values_list("status", flat=True)) == {Clearance.Status.SUSPENDED}


def test_without_a_result_the_list_comes_back_with_the_ticks_kept(demo, login):
    response = bulk(login("security"), ["R0002", "R0003"], result="")
    assert response.status_code == 200
    html = response.content.decode()
    for person in people("R0002", "R0003"):
        assert re.search(rf'name="employee" value="{person.pk}"[^>]*checked', html)
    assert 'class="invalid-feedback d-block"' in html
    assert not PeriodicReview.objects.exists()


def test_nobody_ticked_is_said_so(demo, login):
    response = bulk(login("security"), [], result="passed")
    assert response.status_code == 200 and "请先勾选人员" in response.content.decode()
    assert not PeriodicReview.objects.exists()


@pytest.mark.parametrize("username", ["hr", "head_rd", "auditor", "emp_rd"])
def test_only_the_security_office_records_reviews(demo, login, username):
    response = bulk(login(username), ["R0002"], result="passed")
    assert response.status_code == 403
    assert not PeriodicReview.objects.exists()


def test_an_unknown_person_refuses_the_whole_action(demo, login):
    client = login("security")
    response = client.post(
        reverse("clearance:review_bulk"),
        {"employee": [people("R0002")[0].pk, 987654], "result": "passed"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("clearance:review_bulk"), {"employee": ["abc"], "result": "passed"}
    )
    assert response.status_code == 404
    assert not PeriodicReview.objects.exists()


def test_the_single_review_form_picks_the_person(demo, login):
    target = people("R0004")[0]
    response = login("security").post(
        reverse("clearance:review_list"), {"employee_search": "R0004", "result": "passed"}
    )
    assert response.status_code == 302
    assert PeriodicReview.objects.get().employee == target
