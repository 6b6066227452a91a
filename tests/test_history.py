"""R1: every concrete domain model keeps a history table."""

from django.apps import apps
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalChanges

DOMAIN_APPS = {
    "personnel",
    "approvals",
    "clearance",
    "training",
    "archives",
    "onboarding",
    "offboarding",
}


# Not records but figures derived from them, kept by the database itself (no change of theirs
# is anybody's act): the catalogue's items per level.
DERIVED = {"archives.LevelTally"}


def domain_models():
    for model in apps.get_models():
        if model._meta.app_label not in DOMAIN_APPS or model._meta.label in DERIVED:
            continue
        if issubclass(model, HistoricalChanges | UserObjectPermissionBase):
            continue  # history tables themselves and guardian's permission rows
        yield model


def test_there_are_domain_models():
    assert len(list(domain_models())) >= 5


def test_every_domain_model_has_history():
    missing = [m._meta.label for m in domain_models() if not hasattr(m, "history")]
    assert missing == []


def test_change_history_names_the_person_not_the_login(demo, login):
    """Issue 17, item 6: real names wherever a login name was shown."""
    from django.urls import reverse

    from personnel.models import Employee

    employee = Employee.objects.get(employee_no="R0004")
    hr_name = Employee.objects.get(user__username="hr").name
    text = login("hr").get(reverse("personnel:employee_detail", args=[employee.pk]))
    history = text.content.decode().split("变更历史")[1]  # the page is in Chinese
    assert f"<td>{hr_name}</td>" in history and "<td>hr</td>" not in history
