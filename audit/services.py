"""Writing the access log (C5). Callers are views and the PDF pipeline."""

from django.db import models

from .models import AccessLog


def access_record(
    *,
    user,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_repr: str = "",
    request=None,
    copy_number: str = "",
) -> AccessLog:
    """Append one access-log row; `target` or (`target_type`, `target_repr`) names what was read."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_repr = target_repr or str(target)
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "system",
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_repr=target_repr[:255],
        path=request.get_full_path()[:500] if request is not None else "",
        ip=request.META.get("REMOTE_ADDR") if request is not None else None,
        copy_number=copy_number,
    )
