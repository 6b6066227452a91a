"""One transition table per workflow model, checked by its services.

A workflow model declares `TRANSITIONS = {from_status: {to_status, ...}}`; a service moves
a locked row with `transition(row, to)`, which refuses any move the table does not list.
"""

from django.utils.translation import gettext as _

from .errors import DomainError


def transition(row, to, *, field: str = "status") -> None:
    current = getattr(row, field)
    if to not in type(row).TRANSITIONS.get(current, ()):
        labels = dict(row._meta.get_field(field).choices)
        raise DomainError(
            _("%(what)s cannot go from “%(current)s” to “%(to)s”.")
            % {
                "what": row._meta.verbose_name,
                "current": labels.get(current, current),
                "to": labels.get(to, to),
            }
        )
    setattr(row, field, to)
