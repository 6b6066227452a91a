# ExportCounter and ReportExport moved to reports (reports/migrations/0001_initial.py);
# their tables stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0010_notification_to_core"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportCounter"),
                migrations.DeleteModel(name="ReportExport"),
            ],
            database_operations=[],
        ),
    ]
