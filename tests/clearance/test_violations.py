"""P6: the proposed measure for a first, a repeated and a severe violation; overrides."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from clearance.models import Violation
from clearance.services import violations
from core.errors import DomainError
from personnel.models import DossierEntry, Employee
from tests.test_access_matrix import ROLES

from .test_travel import pdf_text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


def user(name):
    return get_user_model().objects.get(username=name)


def record(kind=Violation.Kind.UNAUTHORISED_ACCESS, day=DAY, no="R0003", **extra):
    return violations.violation_record(
        actor=user("security"),
        employee=Employee.objects.get(employee_no=no),
        kind=kind,
        occurred_on=day,
        facts="越权查阅他人文件",
        **extra,
    )


def test_a_first_minor_offence_is_a_warning(demo):
    violation = record()
    assert violation.proposed_measure == violation.measure == Violation.Measure.WARNING
    kinds = set(violation.employee.dossier.values_list("kind", flat=True))
    assert {DossierEntry.Kind.VIOLATION, DossierEntry.Kind.PENALTY} <= kinds


def test_a_repeat_within_the_window_escalates(demo):
    record(day=DAY - datetime.timedelta(days=200))
    assert record().measure == Violation.Measure.DEMERIT  # the step after a warning


def test_an_old_offence_outside_the_window_does_not_count(demo):
    record(day=DAY - datetime.timedelta(days=400))
    assert record().measure == Violation.Measure.WARNING


def test_a_severe_kind_is_at_least_a_demerit(demo):
    assert record(kind=Violation.Kind.LEAK_DELIBERATE).measure == Violation.Measure.DEMERIT


def test_another_measure_needs_a_reason(demo):
    with pytest.raises(DomainError):
        record(measure=Violation.Measure.CRITICISM)
    assert not Violation.objects.exists()
    violation = record(measure=Violation.Measure.CRITICISM, override_reason="初犯且主动报告")
    assert (violation.proposed_measure, violation.measure) == ("warning", "criticism")


def test_only_the_security_office_records(demo):
    with pytest.raises(PermissionDenied):
        violations.violation_record(
            actor=user("hr"),
            employee=Employee.objects.get(employee_no="R0003"),
            kind=Violation.Kind.UNAUTHORISED_ACCESS,
            occurred_on=DAY,
            facts="x",
        )


@pytest.mark.parametrize("username", ROLES)
def test_violation_urls_for_every_role(demo, login, username):
    record(no="R0002")
    client = login(username)
    assert client.get(reverse("clearance:violation_create")).status_code == (
        200 if username == "security" else 403
    )
    shown = len(client.get(reverse("clearance:violation_list")).context["page"])
    assert shown == (1 if username in {"security", "auditor", "emp_rd"} else 0)


def test_the_form_shows_the_rule_and_refuses_an_unexplained_override(demo, login):
    person = Employee.objects.get(employee_no="R0003")
    client = login("security")
    data = {
        "employee": person.pk,
        "kind": "unauthorised_access",
        "occurred_on": "2026-11-20",
        "facts": "越权",
        "measure": "dismissal",
    }
    response = client.post(reverse("clearance:violation_create"), data)
    assert response.status_code == 200 and "警告" in response.content.decode()
    assert not Violation.objects.exists()
    client.post(reverse("clearance:violation_create"), {**data, "measure": ""})
    assert Violation.objects.get().measure == "warning"
    stats = client.get(reverse("clearance:violation_list"), {"year": "2026"}).context["stats"]
    assert [n for _label, n in stats] == [1]


def test_the_violations_register_pdf(demo, login, tmp_path):
    violations.violation_record(
        actor=user("security"),
        employee=Employee.objects.get(user__username="emp_cs"),
        kind="unauthorised_copying",
        occurred_on=timezone.localdate(),
        facts="私自复制客户名单",
    )
    response = login("auditor").get(reverse("clearance:violation_register_pdf"))
    text = pdf_text(response.content, tmp_path)
    assert "违规及处理登记表" in text and "秘密★" in text
    assert "林芳" in text and "私自复制客户名单" in text and "警告" in text
