"""The three administrators' roles (C10); unlocking accounts moves from HR to secadmin."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0006_upload_checks"),
        ("accounts", "0003_account_event"),
        ("audit", "0006_hidden_reader"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
