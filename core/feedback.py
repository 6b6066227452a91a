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


def run_form(request, form, action, success=None, invalid=None):
    """The body of a POST-only view: an invalid form becomes an error message; a valid one
    runs the service with its cleaned data, as `run_with_message` does."""
    if not form.is_valid():
        messages.error(request, invalid or _("Please fill in every required field."))
        return None
    return run_with_message(request, lambda: action(**form.cleaned_data), success)
