# Notification moved to core (core/migrations/0001_notification.py); the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0009_backups"),
        ("core", "0001_notification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
