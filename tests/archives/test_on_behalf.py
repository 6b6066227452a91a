"""A 机密 item is known only to its keeper and the archive's overseers, so a cleared employee
asks through the archivist, who files the reading request on their behalf (issue 13,
item 9: "short of the archivist's search on their behalf")."""

import pytest
from django.urls import reverse

from archives import reading
from archives.models import ReadingRequest
from core.classification import Level

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db

FORM = {"employee_no": "R0002", "purpose": "核对设计", "reason": "项目评审"}


@pytest.fixture
def item(demo):
    grant_all()
    return make_item(Level.SECRET, custodian="R0003", title="某型号设计图")


def url(item):
    return reverse("archives:request_for_employee") + f"?item={item.pk}"


def test_the_employee_cannot_file_for_an_item_they_do_not_know(item, login):
    assert login("emp_rd").get(reverse("archives:request_create") + f"?item={item.pk}"
                               ).status_code == 404  # fmt: skip


def test_the_archivist_files_for_a_cleared_employee(item, login):
    response = login("archivist").post(url(item), FORM)
    created = ReadingRequest.objects.get(item=item)
    assert response.url == reverse("archives:request_detail", args=[created.pk])
    assert (created.requester.employee_no, created.requested_by) == ("R0002", user("archivist"))
    assert created.chain.current_step().department.code == "RD"  # the reader's head signs first
    assert created.history.first().history_user == user("archivist")
    # The reader sees their request, but not the title until it is approved.
    page = login("emp_rd").get(reverse("archives:request_detail", args=[created.pk]))
    assert page.status_code == 200 and "某型号设计图" not in page.content.decode()
    for decider in ("head_rd", "archivist", "hr_head"):
        reading.request_decide(actor=user(decider), request=created, outcome="approve")
    created.refresh_from_db()
    assert created.status == ReadingRequest.Status.APPROVED
    page = login("emp_rd").get(reverse("archives:request_detail", args=[created.pk]))
    assert "某型号设计图" in page.content.decode()


def test_an_employee_not_cleared_for_the_level_is_refused(item, login):
    response = login("archivist").post(url(item), {**FORM, "employee_no": "C0002"})  # 秘密 only
    assert response.status_code == 200
    assert "知悉" in response.content.decode()
    assert not ReadingRequest.objects.filter(item=item).exists()


def test_an_unknown_number_is_a_form_error(item, login):
    response = login("archivist").post(url(item), {**FORM, "employee_no": "X9999"})
    assert "没有工号为" in response.content.decode()
    assert not ReadingRequest.objects.exists() or not ReadingRequest.objects.filter(item=item)


@pytest.mark.parametrize("username", ["emp_rd", "head_rd", "info_spec", "auditor", "hr"])
def test_only_the_clerk_files_on_behalf(item, login, username):
    assert login(username).get(url(item)).status_code in (403, 404)
    login(username).post(url(item), FORM)
    assert not ReadingRequest.objects.filter(item=item).exists()
