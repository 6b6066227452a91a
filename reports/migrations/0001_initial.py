# ExportCounter and ReportExport moved from audit to reports: their tables (audit_exportcounter,
# audit_reportexport) stay where they are; only the models' state changes app.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("audit", "0010_notification_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                name='ExportCounter',
                fields=[
                    ('report', models.CharField(max_length=64, primary_key=True, serialize=False)),
                    ('last_copy', models.PositiveIntegerField(default=0)),
                ],
                options={
                    'verbose_name': 'export counter',
                    'db_table': 'audit_exportcounter',
                },
            ),
            migrations.CreateModel(
                name='ReportExport',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('report', models.CharField(max_length=64, verbose_name='report')),
                    ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                    ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                    ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Rendering'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=16, verbose_name='status')),
                    ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress')),
                    ('copy_number', models.CharField(blank=True, max_length=32, verbose_name='copy number')),
                    ('file', models.FileField(blank=True, upload_to='exports/%Y/%m/', verbose_name='file')),
                    ('failure', models.CharField(blank=True, choices=[('error', 'The report could not be rendered.'), ('worker_lost', 'The background worker stopped while rendering.'), ('timed_out', 'The export ran past its time limit.'), ('not_started', 'The export was not started in time; the background worker may be down.')], max_length=16, verbose_name='failure')),
                    ('error', models.CharField(blank=True, max_length=300, verbose_name='error')),
                    ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_exports', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ('retry_of', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='retry', to='reports.reportexport', verbose_name='retry of')),
                ],
                options={
                    'verbose_name': 'report export',
                    'verbose_name_plural': 'report exports',
                    'db_table': 'audit_reportexport',
                    'ordering': ['-requested_at', '-id'],
                },
            ),
            ],
            database_operations=[],
        ),
    ]
