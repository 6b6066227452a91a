"""Issue 16: a long list's page is found by its ids, from the nearer end of the list when its
order is total; the rows are the ones paging forward gives, page after page."""

import pytest
from django.test import RequestFactory

from core.pages import _in_total_order, paginate_ids
from personnel.models import Employee

pytestmark = pytest.mark.django_db


def every_page(queryset, per_page: int) -> list[int]:
    shown, number = [], 1
    while True:
        request = RequestFactory().get("/", {"page": number})
        page, _query = paginate_ids(request, queryset, per_page)
        shown += [row.pk for row in page.object_list]
        if not page.has_next():
            return shown
        number += 1


@pytest.mark.parametrize("per_page", [1, 4, 7])
def test_every_page_from_either_end_is_the_forward_page(demo, per_page):
    employees = Employee.objects.all()  # by employee number: unique, a total order
    assert _in_total_order(employees.values_list("pk", flat=True))
    assert every_page(employees, per_page) == list(employees.values_list("pk", flat=True))
    backwards = employees.order_by("-employee_no")
    assert every_page(backwards, per_page) == list(backwards.values_list("pk", flat=True))


def test_a_list_in_an_order_with_ties_is_paged_forward(demo):
    by_department = Employee.objects.order_by("department__code")
    assert not _in_total_order(by_department)
    shown = every_page(by_department, 4)
    assert sorted(shown) == sorted(Employee.objects.values_list("pk", flat=True))
    assert len(shown) == len(set(shown))


def test_a_known_count_is_taken_as_given(demo):
    request = RequestFactory().get("/", {"page": 2})
    page, _query = paginate_ids(request, Employee.objects.all(), 5, count=12)
    assert page.paginator.count == 12 and page.paginator.num_pages == 3


def test_a_filter_select_marks_the_chosen_option_and_an_error():
    from django.template import Context, Template

    from personnel.forms import EmployeeFilterForm

    select = Template("{% load lists %}{% filter_select form.tier %}")
    chosen = select.render(Context({"form": EmployeeFilterForm({"tier": "core"})}))
    assert '<select name="tier" class="form-select" aria-label="涉密等级" id="id_tier">' in chosen
    assert '<option value="core" selected>' in chosen and chosen.count(" selected") == 1
    wrong = EmployeeFilterForm({"tier": "<b>"})
    wrong.is_valid()
    invalid = select.render(Context({"form": wrong}))
    assert 'aria-invalid="true" aria-describedby="id_tier_error"' in invalid
    assert "<b>" not in invalid


def test_a_page_holds_only_the_rows_its_conditions_chose(demo):
    from django.contrib.auth import get_user_model
    from django.db.models import Value

    from personnel.selectors import visible_employees

    head = get_user_model().objects.get(username="head_rd")
    visible = visible_employees(head)
    page, _query = paginate_ids(RequestFactory().get("/"), visible, 100)
    shown = [employee.pk for employee in page.object_list]
    assert shown == list(visible.values_list("pk", flat=True))
    assert {e.department.code for e in page.object_list} == {"RD"}  # joins kept
    marked = visible.annotate(mark=Value("x"))
    page, _query = paginate_ids(RequestFactory().get("/"), marked, 100)
    assert {employee.mark for employee in page.object_list} == {"x"}


def test_a_list_no_row_can_be_in_is_an_empty_page(demo):
    request = RequestFactory().get("/")
    page, _query = paginate_ids(request, Employee.objects.filter(pk__in=[]), 10)
    assert page.paginator.count == 0 and list(page.object_list) == []
    fields = ("name", "department__name")
    page, _query = paginate_ids(request, Employee.objects.all(), 3, fields=fields)
    first = Employee.objects.select_related("department").first()
    assert (page[0].pk, page[0].name, page[0].department_name) == (
        first.pk,
        first.name,
        first.department.name,
    )
