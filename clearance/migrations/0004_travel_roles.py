from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [("clearance", "0003_travel_and_document_custody")]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
