"""Checks and decisions start undecided: nothing is pre-set to pass or approve (issue 13,
item 4)."""

import re
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from approvals.forms import DecisionForm
from archives.forms import FindingForm
from offboarding.forms import OpinionForm
from onboarding import services
from onboarding.forms import VettingForm
from onboarding.models import Candidate
from personnel.models import Department, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(demo):
    return services.candidate_register(
        actor=get_user_model().objects.get(username="hr"),
        name="新同事",
        id_number="110101199001011237",
        department=Department.objects.get(code="RD"),
        position=Position.objects.get(department__code="RD", title="研发工程师"),
    )


def selected_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_a_new_candidates_checks_show_not_done(candidate, login):
    html = login("hr").get(reverse("onboarding:candidate_detail", args=[candidate.pk]))
    html = html.content.decode()
    for name in Candidate.CHECKS:
        assert selected_options(html, name) == [""], name
    assert "未做" in html


def test_submitting_the_vetting_form_untouched_passes_nothing(candidate, login):
    login("hr").post(reverse("onboarding:vetting_record", args=[candidate.pk]), {})
    candidate.refresh_from_db()
    assert [getattr(candidate, name) for name in Candidate.CHECKS] == ["", "", "", ""]


@pytest.mark.parametrize(
    "form_class,name",
    [
        (VettingForm, "character"),
        (DecisionForm, "decision"),
        (OpinionForm, "decision"),
        (FindingForm, "result"),
    ],
)
def test_no_decision_is_preselected(form_class, name, demo, django_user_model):
    kwargs = {"user": django_user_model.objects.get(username="archivist")}
    form_class = partial(form_class, **kwargs) if form_class is FindingForm else form_class
    field = form_class().fields[name]
    assert field.choices[0][0] == ""
    if name == "decision":
        assert not form_class(data={"comment": "x"}).is_valid()
