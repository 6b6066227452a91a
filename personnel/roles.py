"""Roles are Django groups (created by migration 0002). Names are the code names below."""

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
