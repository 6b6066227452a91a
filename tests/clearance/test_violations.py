"""P6: the proposed measure for a first, a repeated and a severe violation; overrides."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

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


@pytest.mark.parametrize(
    ("measure", "label"),
    [(Violation.Measure.FINE, "罚款"), (Violation.Measure.LEGAL_LIABILITY, "追究法律责任")],
)
def test_a_fine_or_legal_liability_is_recorded_with_its_reason_and_reaches_the_dossier(
    demo, measure, label
):
    """P6: the measures include 罚款 and 追究法律责任; neither is the rule's proposal, so each
    needs its reason, and the penalty stands in the dossier under its Chinese name."""
    with pytest.raises(DomainError):
        record(measure=measure)
    violation = record(measure=measure, override_reason="造成经济损失")
    assert violation.measure == measure
    with translation.override("zh-hans"):
        penalty = violation.employee.dossier.get(kind=DossierEntry.Kind.PENALTY)
        assert str(Violation.Measure(measure).label) == label
    assert penalty.title == label


def test_a_repeat_after_a_fine_or_legal_liability_escalates(demo):
    record(day=DAY - datetime.timedelta(days=100), measure="fine", override_reason="赔偿损失")
    assert record(day=DAY - datetime.timedelta(days=50)).measure == Violation.Measure.DEMOTION
    record(no="R0002", day=DAY - datetime.timedelta(days=9), **_legal())
    assert record(no="R0002").measure == Violation.Measure.DISMISSAL


def _legal():
    return {"measure": Violation.Measure.LEGAL_LIABILITY, "override_reason": "移送司法机关"}


def test_the_violation_form_offers_a_fine_and_legal_liability(demo, login):
    html = login("security").get(reverse("clearance:violation_create")).content.decode()
    assert 'value="fine"' in html and 'value="legal_liability"' in html


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
