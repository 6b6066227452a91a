"""Creates the role groups and their model-level rights (least privilege, C1).

Object-level rights (a department head on their department's employees) are granted by
services when the facts change, never here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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

ROLE_PERMISSIONS = {
    "hr": [*VIEW_PERSONNEL, *HR_WRITE, "personnel.export_roster", "auth.add_user"],
    "hr_head": [*VIEW_PERSONNEL, "personnel.export_roster"],
    "dept_head": [],
    "vp": ["personnel.view_employee", "personnel.view_department", "personnel.view_position"],
    "gm": ["personnel.view_employee", "personnel.view_department", "personnel.view_position"],
    "archivist": [],
    "info_specialist": [],
    "security_officer": [*VIEW_PERSONNEL, "personnel.export_roster", "audit.view_accesslog"],
    "it_admin": [],
    "auditor": [*VIEW_PERSONNEL, "personnel.export_roster", "audit.view_accesslog"],
    "employee": [],
    "confidentiality_committee": [],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0001_initial"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
