import datetime

import factory
from django.contrib.auth import get_user_model

from personnel.models import Department, Employee, Position, Tier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "Demo-2026")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"D{n:03d}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"岗位{n}")
    is_secret_post = False
    required_tier = Tier.NONE


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    department = factory.SubFactory(DepartmentFactory)
    hire_date = datetime.date(2020, 1, 1)
    status = Employee.Status.ACTIVE
    tier = Tier.NONE
