"""Exports that finish or say why, scheduled work that catches up, heartbeats (R4); the
export reaper scheduled every five minutes (editable in the admin)."""

import django.db.models.deletion
from django.db import migrations, models

from audit.schedules import periodic_task_ensure


def schedule(apps, schema_editor):
    periodic_task_ensure(apps, "audit.exports_reap", minute="*/5")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0007_keyed_chain'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScheduledRun',
            fields=[
                ('task', models.CharField(max_length=200, primary_key=True, serialize=False, verbose_name='task')),
                ('last_success_at', models.DateTimeField(blank=True, null=True, verbose_name='last success')),
                ('last_failure_at', models.DateTimeField(blank=True, null=True, verbose_name='last failure')),
                ('last_error', models.CharField(blank=True, max_length=300, verbose_name='last error')),
            ],
            options={
                'verbose_name': 'scheduled task run',
                'verbose_name_plural': 'scheduled task runs',
            },
        ),
        migrations.AddField(
            model_name='reportexport',
            name='failure',
            field=models.CharField(blank=True, choices=[('error', 'The report could not be rendered.'), ('worker_lost', 'The background worker stopped while rendering.'), ('timed_out', 'The export ran past its time limit.'), ('not_started', 'The export was not started in time; the background worker may be down.')], max_length=16, verbose_name='failure'),
        ),
        migrations.AddField(
            model_name='reportexport',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last sign of life'),
        ),
        migrations.AddField(
            model_name='reportexport',
            name='retry_of',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='retry', to='audit.reportexport', verbose_name='retry of'),
        ),
        migrations.AddField(
            model_name='reportexport',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='started at'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='action',
            field=models.CharField(choices=[('view', 'Viewed'), ('export', 'Exported'), ('login_failed', 'Failed login'), ('lockout', 'Account locked'), ('unlock', 'Account unlocked'), ('refused', 'Access refused'), ('void', 'Copy voided')], max_length=16, verbose_name='action'),
        ),
        migrations.CreateModel(
            name='Heartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('component', models.CharField(choices=[('worker', 'Worker'), ('beat', 'Beat')], max_length=16, verbose_name='component')),
                ('host', models.CharField(max_length=255, verbose_name='host')),
                ('at', models.DateTimeField(verbose_name='time')),
            ],
            options={
                'verbose_name': 'heartbeat',
                'verbose_name_plural': 'heartbeats',
                'constraints': [models.UniqueConstraint(fields=('component', 'host'), name='heartbeat_per_process')],
            },
        ),
        migrations.RunPython(schedule, migrations.RunPython.noop),
    ]
