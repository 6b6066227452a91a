"""Logins of employees (personnel.services.accounts) and the security administrator's roles
page (personnel.views.accounts)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.errors import DomainError
from personnel.models import Employee
from personnel.services import accounts

pytestmark = pytest.mark.django_db

User = get_user_model()


def user(username):
    return User.objects.get(username=username)


def employee(no):
    return Employee.objects.get(employee_no=no)


def test_login_create_refuses_a_second_login(demo):
    with pytest.raises(DomainError):
        accounts.login_create(
            actor=user("hr"), employee=employee("R0002"), username="again", password="x"
        )
    assert not User.objects.filter(username="again").exists()


def test_a_new_login_holds_the_employee_role_only(demo):
    person = accounts.login_create(
        actor=user("hr"), employee=employee("R0008"), username="newcomer", password="x"
    )
    assert list(person.user.groups.values_list("name", flat=True)) == ["employee"]
    assert person.history.first().history_user == user("hr")


def test_login_deactivate_ends_a_headship_and_every_right(demo):
    head = employee("R0001")
    accounts.login_deactivate(actor=user("hr"), employee=head)
    head.user.refresh_from_db()
    assert not head.user.is_active and not head.user.groups.exists()
    assert not head.headed_departments.exists()


@pytest.mark.parametrize(("username", "status"), [("secadmin", 200), ("hr", 403)])
def test_the_roles_page_is_the_security_administrators(demo, login, username, status):
    assert login(username).get(reverse("personnel:role_list")).status_code == status
