"""Issue 16: a query of one shape compiled once (core.prepared.Statement) gives what its
queryset gives, for each run's own values, with no compiling after the first run."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.prepared import Statement
from personnel.models import Agreement, Employee

pytestmark = pytest.mark.django_db


def people_hired_since(department, since):
    return Employee.objects.select_related("department", "position").filter(
        department=department, hire_date__gte=since
    )


def agreements_of(employee):
    return Agreement.objects.filter(employee=employee)


def test_each_run_gives_its_own_values_rows_as_the_queryset_does(demo):
    statement = Statement(people_hired_since, department=int, since=datetime.date)
    for employee in Employee.objects.order_by("pk")[:6]:
        since = employee.hire_date
        expected = list(people_hired_since(employee.department_id, since))
        with CaptureQueriesContext(connection) as queries:
            rows = statement(department=employee.department_id, since=since)
        assert [row.pk for row in rows] == [row.pk for row in expected]
        assert [row.department.name for row in rows] == [row.department.name for row in expected]
        assert len(queries) == 1  # the joins came with the rows


def test_values_rows_and_a_value_used_twice(demo):
    def signed_between(first, last):
        rows = Agreement.objects.filter(signed_on__gte=first, signed_on__lte=last)
        return rows.order_by("pk").values_list("pk", "kind")

    statement = Statement(signed_between, first=datetime.date, last=datetime.date)
    days = sorted(set(Agreement.objects.values_list("signed_on", flat=True)))
    assert len(days) >= 2
    for first, last in [(days[0], days[0]), (days[0], days[-1]), (days[-1], days[0])]:
        assert statement(first=first, last=last) == list(signed_between(first, last))


def test_the_queryset_is_built_and_compiled_once(demo):
    built = []

    def agreements_of(employee):
        built.append(employee)
        return Agreement.objects.filter(employee=employee)

    statement = Statement(agreements_of, employee=int)
    holders = list(Agreement.objects.values_list("employee_id", flat=True).distinct()[:3])
    assert holders
    for employee in holders:
        mine = statement(employee=employee)
        assert mine and {row.employee_id for row in mine} == {employee}
    assert len(built) == 1 and built[0] not in holders  # built with its stand-in, not a run's


def test_a_list_of_ids_is_compiled_once_per_length(demo):
    def named(ids):
        return Employee.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "name")

    built = []
    statement = Statement(lambda ids: built.append(len(ids)) or named(ids), ids=list)
    ids = list(Employee.objects.order_by("?").values_list("pk", flat=True)[:5])
    for wanted in [ids[:1], ids[:3], ids[2:3], ids[1:4], ids]:
        assert statement(ids=wanted) == list(named(wanted))
    assert statement(ids=[]) == []  # as the ORM answers an empty IN list: no rows
    assert built == [1, 3, 5, 0]  # each length compiled once


@pytest.mark.django_db(transaction=True)
def test_a_statement_compiled_in_one_thread_runs_in_another(demo):
    """Django's connections are per thread (a threaded server, the live server of the
    browser tests): a run uses its own thread's."""
    statement = Statement(agreements_of, employee=int)
    holder = Agreement.objects.values_list("employee_id", flat=True).first()
    expected = [row.pk for row in statement(employee=holder)]
    found = []

    def elsewhere():
        try:
            found.extend(row.pk for row in statement(employee=holder))
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert expected and found == expected


def test_a_value_that_is_not_a_parameter_is_refused():
    statement = Statement(lambda employee: Agreement.objects.all(), employee=int)
    with pytest.raises(ImproperlyConfigured, match="employee"):
        statement(employee=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statements prepared by PostgreSQL")
def test_it_is_prepared_once_per_connection(demo):
    statement = Statement(agreements_of, employee=int)
    for employee in Employee.objects.values_list("pk", flat=True)[:3]:
        statement(employee=employee)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "personnel_agreement" WHERE "personnel_agreement"."employee_id" = $1%'],
        )
        assert cursor.fetchone()[0] == 1
