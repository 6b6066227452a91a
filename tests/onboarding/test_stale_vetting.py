"""Two HR users vetting the same candidate: the second, stale form does not revert the first
(issue 13, item 5)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from onboarding import services
from onboarding.models import Candidate
from personnel.models import Department, Position

pytestmark = pytest.mark.django_db


def test_a_stale_vetting_form_is_refused_and_says_what_changed(demo, login):
    hr = get_user_model().objects.get(username="hr")
    candidate = services.candidate_register(
        actor=hr,
        name="新同事",
        id_number="110101199001011237",
        department=Department.objects.get(code="RD"),
        position=Position.objects.get(department__code="RD", title="研发工程师"),
    )
    client = login("hr")
    page = client.get(reverse("onboarding:candidate_detail", args=[candidate.pk]))
    version = page.context["vetting_form"]["version"].value()
    services.vetting_record(actor=hr, candidate=candidate, character="fail")
    response = client.post(
        reverse("onboarding:vetting_record", args=[candidate.pk]),
        {"character": "pass", "version": version},
        follow=True,
    )
    assert "未保存" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).character == "fail"
