"""Items 6–9 of the security baseline: permission hygiene, headers, bad input, safe PDFs."""

import shutil
import subprocess

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from personnel.models import Department, Employee, EmployeeUserObjectPermission
from personnel.selectors import visible_employees
from personnel.services import people as services

pytestmark = pytest.mark.django_db


def user(django_user_model, name):
    return django_user_model.objects.get(username=name)


# --- 6. Object-permission hygiene ------------------------------------------------------


def test_a_deleted_then_recreated_employee_inherits_no_rights(demo, django_user_model):
    head = user(django_user_model, "head_cs")
    victim = Employee.objects.get(employee_no="C0006")  # no agreements, no history links
    old_pk = victim.pk
    assert visible_employees(head).filter(pk=old_pk).exists()
    victim.delete()
    assert not EmployeeUserObjectPermission.objects.filter(content_object_id=old_pk).exists()
    rd = Department.objects.get(code="RD")
    Employee.objects.create(
        pk=old_pk, employee_no="X9999", name="新人", department=rd, hire_date="2026-11-01"
    )
    assert not visible_employees(head).filter(pk=old_pk).exists()


def test_a_direct_model_wide_right_does_not_widen_a_heads_list(demo, django_user_model, login):
    head = user(django_user_model, "head_rd")
    head.user_permissions.add(
        Permission.objects.get(content_type__app_label="personnel", codename="view_employee")
    )
    response = login("head_rd").get(reverse("personnel:employee_list"))
    shown = [row.pk for row in response.context["page"]]
    departments = Employee.objects.filter(pk__in=shown).values_list("department__code", flat=True)
    assert shown and set(departments) == {"RD"}


def test_the_weekly_orphan_cleanup_task_runs(demo):
    from audit.tasks import clean_orphan_permissions

    assert clean_orphan_permissions.apply().get() == 0


# --- 7. HTTP hardening -------------------------------------------------------------------


def test_security_headers_on_every_page(demo, login):
    response = login("hr").get(reverse("personnel:employee_list"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script_or_style(demo, login):
    client = login("hr")
    for url in [
        reverse("dashboard"),
        reverse("personnel:employee_list"),
        reverse("training:overview"),
        reverse("offboarding:resignation_list"),
    ]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html


ACTION_URLS = [
    ("offboarding:resignation_decide", [1]),
    ("offboarding:resignation_withdraw", [1]),
    ("offboarding:checklist_close", [1]),
    ("offboarding:checklist_item_sign", [1]),
    ("training:assign_monthly", []),
    ("training:session_results", [1]),
    ("clearance:review_bulk", []),
    ("training:pre_post_assign", []),
    ("accounts:unlock", []),
    ("accounts:enrolment_link_issue", [1]),
    ("accounts:second_factor_reset", [1]),
    ("reports:export_request", ["roster"]),
]


@pytest.mark.parametrize("name, args", ACTION_URLS)
def test_a_get_on_an_action_is_405(demo, login, name, args):
    assert login("hr").get(reverse(name, args=args)).status_code == 405


def test_error_pages_are_ours_and_in_chinese(demo, login, client):
    page = login("hr").get("/no/such/page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()
    assert "Traceback" not in page.content.decode()


# --- 8. Bad input never becomes a 500 --------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/personnel/employees/?q=%00",
        "/personnel/employees/?page=-1",
        "/personnel/employees/?page=99999999999999999999",
        "/personnel/employees/?page=abc",
        "/personnel/employees/?department=abc&tier=nonsense&status=%27--",
        "/personnel/employees/?q=" + "x" * 5000,
        "/personnel/employees/99999999999999999999/",
        "/reports/access-log/?q=%00",
        "/reports/access-log/?action=drop&page=-5",
        "/offboarding/resignations/?last_day_from=2026-13-45&department=-1",
        "/training/compliance/?month=0000-00",
        "/offboarding/resignations/register.pdf?date_from=nope",
    ],
)
def test_bad_input_is_a_form_error_400_or_404(demo, login, url):
    status = login("auditor" if "access-log" in url else "hr").get(url).status_code
    assert status in (200, 400, 404), status


def test_a_nul_byte_in_a_post_is_a_400(demo, login):
    response = login("hr").post(reverse("personnel:employee_create"), {"name": "a\x00b"})
    assert response.status_code == 400


def test_an_over_long_name_is_a_form_error(demo, login):
    rd = Department.objects.get(code="RD")
    response = login("hr").post(
        reverse("personnel:employee_create"),
        {
            "employee_no": "R0999",
            "name": "长" * 500,
            "department": rd.pk,
            "employment_type": "formal",
            "hire_date": "2026-11-23",
            "status": "active",
            "tier": "none",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]


# --- 9. PDF safety ---------------------------------------------------------------------


def test_markup_typed_into_a_record_is_printed_as_text(demo, django_user_model, login, tmp_path):
    hr = user(django_user_model, "hr")
    # A classified person's record: the roster lists classified staff only (issue 16).
    services.employee_update(
        actor=hr,
        employee=Employee.objects.get(employee_no="R0002"),
        name='<img src="file:///etc/passwd">',
    )
    pdf = login("auditor").get(reverse("personnel:roster_pdf")).content
    path = tmp_path / "roster.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<img" in text.replace(" ", "")  # shown as typed, not interpreted
    assert "root:x:0:0" not in text
