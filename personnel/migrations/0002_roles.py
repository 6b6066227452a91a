"""Creates the role groups and their model-level rights (personnel.roles)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0001_initial"),
        ("audit", "0002_reportexport"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
