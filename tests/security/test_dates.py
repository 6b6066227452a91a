"""Dates and times: ISO values in every date input whatever the language, sane bounds on
every entered date, and pages that survive a bad date already stored."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from clearance import sweeps
from clearance.forms import IncidentForm, IncidentUpdateForm
from clearance.models import Incident

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def user(name):
    return get_user_model().objects.get(username=name)


def stored_incident(discovered_at):
    """A row as an older release let it in (the form bounds came later): written directly.
    (Midnight on 1 Jan 0001 in Shanghai is a BC instant in UTC, which the driver cannot read
    back at all; such a row needs repair in the database, not arithmetic.)"""
    return Incident.objects.create(
        title="旧记录", description="x", discovered_at=discovered_at, reported_by=user("emp_rd")
    )


def test_datetime_inputs_render_iso_in_chinese(demo, login):
    with translation.override("zh-hans"):
        when = datetime.datetime(2026, 12, 1, 15, 15, tzinfo=SHANGHAI)
        html = IncidentForm(initial={"discovered_at": when}).as_p()
        assert 'value="2026-12-01T15:15"' in html
        html = IncidentUpdateForm(initial={"authority_reported_at": when}).as_p()
        assert 'value="2026-12-01T15:15"' in html
    response = login("emp_rd").get(reverse("clearance:incident_create"))
    assert response["Content-Language"] == "zh-hans"
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert f'value="{now}"'.encode() in response.content


def test_date_inputs_render_iso_in_chinese(demo, login):
    response = login("hr").get(reverse("personnel:employee_edit", args=[1]))
    hire = response.context["form"].initial["hire_date"]
    assert f'value="{hire:%Y-%m-%d}"'.encode() in response.content


def test_an_iso_datetime_is_accepted_in_chinese(demo):
    with translation.override("zh-hans"):
        form = IncidentForm({"title": "t", "description": "d", "discovered_at": "2026-12-01T15:15"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["discovered_at"] == datetime.datetime(
        2026, 12, 1, 15, 15, tzinfo=SHANGHAI
    )


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "1899-12-31T09:00"])
def test_the_incident_form_refuses_a_date_out_of_range_in_chinese(demo, login, value):
    response = login("emp_rd").post(
        reverse("clearance:incident_create"),
        {"title": "t", "description": "d", "discovered_at": value},
    )
    assert response.status_code == 200
    assert "日期须在 1900-01-01 至 2100-12-31 之间" in response.content.decode()
    assert not Incident.objects.filter(title="t").exists()


def bounded_forms():
    from archives.forms import LoanForm
    from clearance.forms import IncidentUpdateForm, TravelRequestForm, ViolationForm
    from offboarding.forms import PeriodForm
    from personnel.forms import EmployeeForm

    security = get_user_model().objects.get(username="security")
    return [
        (ViolationForm, {"user": security}, "occurred_on", "0001-01-01"),
        (EmployeeForm, {}, "hire_date", "9999-12-31"),  # a ModelForm's own date field
        (IncidentUpdateForm, {}, "authority_reported_at", "0001-01-01T00:00"),
        (LoanForm, {}, "due_date", "2101-01-01"),
        (TravelRequestForm, {"user": security, "for_others": True}, "departure", "1899-12-31"),
        (PeriodForm, {}, "date_from", "0001-01-01"),
    ]


def test_every_kind_of_date_field_is_bounded(demo):
    with translation.override("zh-hans"):
        for form_class, kwargs, field, value in bounded_forms():
            form = form_class({field: value}, **kwargs)
            assert not form.is_valid()
            assert "日期须在 1900-01-01 至 2100-12-31 之间" in str(form.errors[field]), form_class
            assert 'min="1900-01-01' in str(form[field]), form_class


@pytest.mark.parametrize(
    "discovered",
    [
        datetime.datetime(1, 1, 1, 9, 0, tzinfo=SHANGHAI),
        datetime.datetime(9999, 12, 31, 9, 0, tzinfo=SHANGHAI),
    ],
)
def test_a_stored_date_at_the_end_of_the_calendar_takes_no_page_down(demo, login, discovered):
    incident = stored_incident(discovered)
    for username in ["security", "emp_rd"]:
        client = login(username)
        for url in [
            reverse("clearance:incident_list"),
            reverse("clearance:incident_detail", args=[incident.pk]),
            reverse("clearance:desk"),
            reverse("clearance:incident_register_pdf"),
        ]:
            assert client.get(url).status_code < 500, (username, url)
    sweeps.incident_clocks()
