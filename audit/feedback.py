from django.contrib import messages
from django.utils.translation import gettext as _

from .errors import DomainError


def run_with_message(request, action, success=None):
    """Run a service call for a view: its refusal becomes an error message (nothing saved),
    success a confirmation. Returns the result, or None when refused."""
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success or _("Saved."))
    return result
