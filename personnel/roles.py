"""Roles are Django groups with model-level rights. Names are the code names below.

Object-level rights (a department head on their department's employees) are granted by
services when the facts change, never here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR = "hr", _("HR / admin department")
    HR_HEAD = "hr_head", _("Head of admin department")
    DEPT_HEAD = "dept_head", _("Department head")
    VP = "vp", _("Vice-president in charge")
    GM = "gm", _("General manager")
    ARCHIVIST = "archivist", _("Archivist")
    INFO_SPECIALIST = "info_specialist", _("Information-management specialist")
    SECURITY_OFFICER = "security_officer", _("Security office")
    IT_ADMIN = "it_admin", _("IT department")
    AUDITOR = "auditor", _("Auditor")
    EMPLOYEE = "employee", _("Employee")
    COMMITTEE = "confidentiality_committee", _("Confidentiality leadership group")


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()


VIEW_PERSONNEL = [
    "personnel.view_employee",
    "personnel.view_department",
    "personnel.view_position",
    "personnel.view_agreement",
    "personnel.view_dossierentry",
]
HR_WRITE = [
    f"personnel.{action}_{model}"
    for action in ("add", "change")
    for model in ("employee", "department", "position", "agreement", "dossierentry")
]
LEADERSHIP_VIEW = [
    "personnel.view_employee",
    "personnel.view_department",
    "personnel.view_position",
]

ROLE_PERMISSIONS = {
    Role.HR: [*VIEW_PERSONNEL, *HR_WRITE, "personnel.export_roster", "auth.add_user"],
    Role.HR_HEAD: [*VIEW_PERSONNEL, "personnel.export_roster"],
    Role.DEPT_HEAD: [],
    Role.VP: LEADERSHIP_VIEW,
    Role.GM: LEADERSHIP_VIEW,
    Role.ARCHIVIST: [],
    Role.INFO_SPECIALIST: [],
    Role.SECURITY_OFFICER: [*VIEW_PERSONNEL, "personnel.export_roster", "audit.view_accesslog"],
    Role.IT_ADMIN: [],
    Role.AUDITOR: [*VIEW_PERSONNEL, "personnel.export_roster", "audit.view_accesslog"],
    Role.EMPLOYEE: [],
    Role.COMMITTEE: [],
}


def roles_sync(group_model, permission_model) -> None:
    """Make every role group exist with exactly its rights. Takes the model classes so a
    migration can pass its historical ones."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = [
            permission_model.objects.get(content_type__app_label=label, codename=codename)
            for label, codename in (perm.split(".") for perm in perms)
        ]
        group.permissions.set(wanted)
