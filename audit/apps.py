from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from celery.signals import worker_ready
        from django.contrib.auth.signals import user_login_failed

        from . import append_only, db_roles, scheduling, security_log

        post_migrate.connect(append_only.install, sender=self, dispatch_uid="audit.append_only")
        # After the trigger: the grants cover every table migrate has just made.
        post_migrate.connect(db_roles.app_role_grant, sender=self, dispatch_uid="audit.db_roles")
        user_login_failed.connect(security_log.login_failed, dispatch_uid="audit.login_failed")
        # A starting worker runs the scheduled tasks whose slot passed without a success.
        worker_ready.connect(scheduling.worker_catch_up, dispatch_uid="audit.catch_up")
