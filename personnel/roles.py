"""Roles are Django groups with model-level rights. Names are the code names below.

Object-level rights (a department head on their department's employees) are granted by
services when the facts change, never here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import administrators


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
    SYSADMIN = administrators.SYSADMIN, _("System administrator")
    SECADMIN = administrators.SECADMIN, _("Security administrator")
    SECAUDITOR = administrators.SECAUDITOR, _("Security auditor")


ROLE_LABELS = dict(Role.choices)
# Roles that follow a fact (the headship of a department), never granted by hand.
DERIVED_ROLES = {Role.DEPT_HEAD.value}


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()


def role_members(*roles: str) -> list:
    """The active users holding any of these roles: whom a role's notices go to."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(groups__name__in=roles, is_active=True).distinct())


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
# Departments and posts go only when empty (personnel.services.org), from the app's pages.
ORG_DELETE = ["personnel.delete_department", "personnel.delete_position"]
LEADERSHIP_VIEW = [
    "personnel.view_employee",
    "personnel.view_department",
    "personnel.view_position",
]

# Offboarding: HR files and runs resignations; the approvers and auditors read them all.
VIEW_RESIGNATIONS = ["offboarding.view_resignation"]
HR_OFFBOARDING = [
    *VIEW_RESIGNATIONS,
    "offboarding.add_resignation",
    "offboarding.change_resignation",
    "offboarding.export_register",
]

# Training: HR plans, records and assigns; reviewers read and export compliance.
VIEW_TRAINING = [
    "training.view_trainingplan",
    "training.view_trainingsession",
    "training.view_assignment",
    "training.export_compliance",
    # Exams: the bank, the exams and their papers are training records.
    "exams.view_question",
    "exams.view_exam",
    "exams.view_paper",
]
HR_TRAINING = [
    *VIEW_TRAINING,
    "training.add_trainingplan",
    "training.change_trainingplan",
    "training.add_trainingsession",
    "training.add_assignment",
    "training.change_assignment",
    "exams.add_question",
    "exams.change_question",
    "exams.add_exam",
    "exams.change_exam",
]

# Travel abroad and the custody of travel documents: the security office's desk.
TRAVEL_DESK = [
    f"clearance.{action}_{model}"
    for action in ("view", "add", "change")
    for model in ("travelrequest", "traveldocument", "documenthandout")
]

# Internal inspections of departments (R3): the security office plans, records and verifies;
# the owners of findings and their heads reach their own through the selectors.
VIEW_DEPT_INSPECTIONS = ["clearance.view_departmentinspection", "clearance.view_departmentfinding"]
DEPT_INSPECTIONS = [
    *VIEW_DEPT_INSPECTIONS,
    *[
        f"clearance.{action}_{model}"
        for action in ("add", "change")
        for model in ("departmentinspection", "departmentfinding")
    ],
]

# Clearance: HR and heads request, the security office decides and reviews.
VIEW_CLEARANCE = ["clearance.view_clearance", "clearance.view_periodicreview"]
SECURITY_CLEARANCE = [
    *VIEW_CLEARANCE,
    "clearance.add_periodicreview",
    "clearance.view_incident",
    "clearance.change_incident",
    "clearance.view_violation",
    "clearance.add_violation",
    "clearance.view_majoreventreport",
    "clearance.change_majoreventreport",
    *TRAVEL_DESK,
    *DEPT_INSPECTIONS,
]

# Onboarding: HR registers, vets, hires and asks for appointments; reviewers read.
VIEW_ONBOARDING = [
    "onboarding.view_candidate",
    "onboarding.view_appointment",
    "onboarding.view_transfer",
]
HR_ONBOARDING = [
    *VIEW_ONBOARDING,
    "onboarding.add_candidate",
    "onboarding.change_candidate",
    "onboarding.add_appointment",
    "onboarding.add_transfer",
]

# Archives: the clerk keeps the catalogue and the register; the security office oversees
# classified items; the specialist and auditors read the register. The clearance ceiling
# applies on top of every one of these rights (archives.selectors.visible_items).
VIEW_ARCHIVE_REGISTER = ["archives.view_loan", "archives.export_register"]
VIEW_ARCHIVE_CARE = ["archives.view_inspection", "archives.view_destruction"]
OVERSEE_ARCHIVE = [
    *VIEW_ARCHIVE_REGISTER,
    *VIEW_ARCHIVE_CARE,
    "archives.oversee_classified",
    "archives.view_readingrequest",
    "archives.view_missingreport",
    "archives.view_itemmovement",
]
ARCHIVIST = [
    *OVERSEE_ARCHIVE,
    "archives.add_archiveitem",
    "archives.change_archiveitem",
    "archives.add_itemmovement",
    "archives.add_readingrequest",
    "archives.change_loan",
    "archives.add_missingreport",
    "archives.change_missingreport",
    "archives.add_inspection",
    "archives.change_inspection",
    "archives.add_inspectionfinding",
    "archives.add_destruction",
    "archives.change_destruction",
    "archives.view_statisticsrequest",
    "archives.change_statisticsrequest",
]

ROLE_PERMISSIONS = {
    Role.HR: [
        *VIEW_PERSONNEL,
        *HR_WRITE,
        *ORG_DELETE,
        "personnel.export_roster",
        "auth.add_user",
        *HR_OFFBOARDING,
        *HR_TRAINING,
        *VIEW_CLEARANCE,
        "clearance.add_clearance",
        *HR_ONBOARDING,
    ],
    Role.HR_HEAD: [
        *VIEW_PERSONNEL,
        "personnel.export_roster",
        *VIEW_RESIGNATIONS,
        *VIEW_TRAINING,
        *VIEW_CLEARANCE,
        *VIEW_ONBOARDING,
    ],
    # A head's training view and export are scoped to their department by the selectors.
    Role.DEPT_HEAD: ["training.export_compliance"],
    Role.VP: [*LEADERSHIP_VIEW, *VIEW_RESIGNATIONS],
    Role.GM: [*LEADERSHIP_VIEW, *VIEW_RESIGNATIONS, "clearance.view_incident"],
    Role.ARCHIVIST: ARCHIVIST,
    Role.INFO_SPECIALIST: [*VIEW_ARCHIVE_REGISTER],
    Role.SECURITY_OFFICER: [
        *VIEW_PERSONNEL,
        "personnel.export_roster",
        "audit.view_accesslog",
        "audit.view_hidden_reader",
        "audit.view_changehistory",
        *VIEW_RESIGNATIONS,
        *VIEW_TRAINING,
        *SECURITY_CLEARANCE,
        *VIEW_ONBOARDING,
        # The clerk's own clearance stops at 机密: the office reports a 绝密 item missing
        # and records the inspection of the items above the clerk's clearance (A7).
        *OVERSEE_ARCHIVE,
        "archives.add_missingreport",
        "archives.change_missingreport",
        "archives.add_inspectionfinding",
        # Self-assessment: the office keeps the standard and saves runs.
        "assessment.view_standarditem",
        "assessment.change_standarditem",
        "assessment.view_assessmentrun",
        "assessment.add_assessmentrun",
        # Inspectors' sampling: a random sample of classified staff sent an exam.
        "exams.draw_sample",
    ],
    Role.IT_ADMIN: [],
    Role.AUDITOR: [
        *VIEW_PERSONNEL,
        "personnel.export_roster",
        "audit.view_accesslog",
        "audit.view_changehistory",
        *VIEW_RESIGNATIONS,
        "offboarding.export_register",
        *VIEW_TRAINING,
        *VIEW_CLEARANCE,
        *VIEW_ONBOARDING,
        "clearance.view_incident",
        "clearance.view_violation",
        "clearance.view_travelrequest",
        "clearance.view_traveldocument",
        *VIEW_DEPT_INSPECTIONS,
        *VIEW_ARCHIVE_REGISTER,
        *VIEW_ARCHIVE_CARE,
        "archives.view_readingrequest",
        "archives.view_statisticsrequest",
        "assessment.view_standarditem",
        "assessment.view_assessmentrun",
    ],
    Role.EMPLOYEE: [],
    Role.COMMITTEE: [],
    # 三员分立 (C10): settings without classified content; roles and locks; the record of both.
    Role.SYSADMIN: [
        *[f"auth.{action}_user" for action in ("add", "change", "view")],
        *[
            f"personnel.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("department", "position")
        ],
        *ORG_DELETE,
        *[
            f"django_celery_beat.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("periodictask", "crontabschedule", "intervalschedule")
        ],
        "audit.view_backuprun",
        "audit.add_backuprun",
    ],
    Role.SECADMIN: [
        "accounts.grant_role",
        "accounts.manage_second_factor",
        "auth.view_user",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "audit.view_accesslog",
    ],
    Role.SECAUDITOR: ["accounts.view_accountevent"],
}


def roles_sync(group_model, permission_model) -> None:
    """Make every role group exist with exactly its rights.

    Takes the model classes so a migration can pass its historical ones. Rights of apps not
    migrated yet are skipped; each app's own roles migration calls this again.
    """
    by_key = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set([by_key[perm] for perm in perms if perm in by_key])


def roles_migrate(apps, schema_editor) -> None:
    """The body of each app's roles migration: create the permissions the migrated models
    have so far (Django would only after all migrations), then sync the roles."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
