"""Personnel pages by area: people (employees, agreements, dossier), org (departments and
posts), accounts (roles and the record of account changes)."""

from django.core.exceptions import ValidationError

from audit.history import StaleRecord
from core.errors import DomainError


def form_run(request, form, service, **kwargs):
    """Call a service; a refusal becomes a form error and nothing is saved."""
    try:
        return service(actor=request.user, **kwargs)
    except StaleRecord as error:
        form.show_conflict(error)
    except DomainError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        form.add_error(None, error.messages)
    return None
