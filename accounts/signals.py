from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessLog
from audit.services import access_record
from core.errors import DomainError

from . import services
from .administrators import roles_compatible_check
from .backends import forget_right_names
from .events import current_actor, event_record
from .models import AccountEvent, UserSession

LOGIN_AT = "baomi_login_at"


@receiver(user_logged_in, dispatch_uid="accounts.track_session")
def track_session(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = timezone.now().timestamp()
    services.account_facts(request.session, user, fresh=True)
    request.session.save()  # the key exists now (it was rotated by login)
    UserSession.objects.get_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


@receiver(user_logged_out, dispatch_uid="accounts.end_sessions")
def end_sessions(sender, request, user, **kwargs):
    if user is not None:
        services.sessions_end(user=user)


@receiver(post_save, sender=Permission, dispatch_uid="accounts.right_saved")
@receiver(post_delete, sender=Permission, dispatch_uid="accounts.right_deleted")
@receiver(post_migrate, dispatch_uid="accounts.rights_migrated")
def permissions_changed(sender, **kwargs):
    forget_right_names()  # accounts.backends.right_names reads them again when next asked


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    access_record(
        user=None,
        username=username or "?",
        action=AccessLog.Action.LOCKOUT,
        target_type="account",
        target_repr=username or "",
        request=request,
    )


# --- Account changes (C10) ---------------------------------------------------------------

User = get_user_model()
TRACKED_FIELDS = ("is_active", "password", "is_staff", "is_superuser")
Action = AccountEvent.Action


@receiver(pre_save, sender=User, dispatch_uid="accounts.account_before")
def account_before(sender, instance, update_fields=None, raw=False, **kwargs):
    if instance.is_superuser:
        raise DomainError(
            _(
                "No account is all-powerful: the administrators are made with "
                "`manage.py create_administrators`."
            )
        )
    if instance.pk is None or raw:
        return
    if update_fields is not None and not set(update_fields) & set(TRACKED_FIELDS):
        return  # a login's last_login: no query
    instance._account_before = User.objects.filter(pk=instance.pk).values(*TRACKED_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="accounts.account_after")
def account_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        event_record(action=Action.CREATED, target=instance)
        return
    before = instance.__dict__.pop("_account_before", None) or {}
    if "is_active" in before and before["is_active"] != instance.is_active:
        event_record(
            action=Action.ACTIVATED if instance.is_active else Action.DEACTIVATED, target=instance
        )
    if "password" in before and before["password"] != instance.password:
        actor = current_actor()
        own = actor is not None and actor.pk == instance.pk
        event_record(
            action=Action.PASSWORD_CHANGED if own else Action.PASSWORD_RESET, target=instance
        )
    if "is_staff" in before and before["is_staff"] != instance.is_staff:
        event_record(
            action=Action.STAFF_CHANGED, target=instance, detail=f"is_staff={instance.is_staff}"
        )


def _pairs(instance, reverse, pk_set, model):
    """(user, related object) pairs an m2m change touches, from either side."""
    others = model.objects.in_bulk(pk_set or [])
    if reverse:  # group.user_set.add(users): instance is the group
        return [(user, instance) for user in others.values()]
    return [(instance, other) for other in others.values()]


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts.roles_changed")
def roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_add":
        if reverse:
            for user in model.objects.filter(pk__in=pk_set):
                roles_compatible_check({*user.groups.values_list("name", flat=True), instance.name})
        else:
            added = model.objects.filter(pk__in=pk_set).values_list("name", flat=True)
            roles_compatible_check({*instance.groups.values_list("name", flat=True), *added})
    elif action == "pre_clear":
        instance._groups_before = list(
            instance.user_set.all() if reverse else instance.groups.all()
        )
    elif action in ("post_add", "post_remove"):
        granted = action == "post_add"
        for user, group in _pairs(instance, reverse, pk_set, model):
            event_record(
                action=Action.ROLE_GRANTED if granted else Action.ROLE_REVOKED,
                target=user,
                detail=group.name,
            )
    elif action == "post_clear":
        for other in instance.__dict__.pop("_groups_before", []):
            user, group = (other, instance) if reverse else (instance, other)
            event_record(action=Action.ROLE_REVOKED, target=user, detail=group.name)


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="accounts.rights_changed")
def rights_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear" and not reverse:
        instance._rights_before = list(instance.user_permissions.all())
    elif action in ("post_add", "post_remove"):
        granted = action == "post_add"
        for user, right in _pairs(instance, reverse, pk_set, model):
            event_record(
                action=Action.RIGHT_GRANTED if granted else Action.RIGHT_REVOKED,
                target=user,
                detail=f"{right.content_type.app_label}.{right.codename}",
            )
    elif action == "post_clear" and not reverse:
        for right in instance.__dict__.pop("_rights_before", []):
            event_record(
                action=Action.RIGHT_REVOKED,
                target=instance,
                detail=f"{right.content_type.app_label}.{right.codename}",
            )


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="accounts.role_rights")
def role_rights_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        event_record(
            action=Action.ROLE_RIGHTS_CHANGED,
            detail=f"{instance.name}: {action[5:]} {len(pk_set or ())}",
        )


@receiver(post_save, sender=LogEntry, dispatch_uid="accounts.settings_changed")
def settings_changed(sender, instance, created, **kwargs):
    """What the system administrator changed in the administration site."""
    if created:
        change = instance.get_change_message() or instance.get_action_flag_display()
        event_record(
            action=Action.SETTINGS_CHANGED,
            actor=instance.user,
            detail=f"{instance.content_type}「{instance.object_repr}」: {change}",
        )
