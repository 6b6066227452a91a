# Notification moved from audit to core: its table (audit_notification) stays where it is;
# only the model's state changes app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("audit", "0009_backups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                        ("subject", models.CharField(max_length=200, verbose_name="subject")),
                        ("body", models.TextField(blank=True, verbose_name="message")),
                        ("link", models.CharField(blank=True, max_length=500, verbose_name="link")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        ("dedupe_key", models.CharField(blank=True, max_length=200)),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="recipient")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "audit_notification",
                        "constraints": [models.UniqueConstraint(condition=models.Q(("dedupe_key", ""), _negated=True), fields=("recipient", "dedupe_key"), name="notification_once_per_key")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
