"""The one decision form: every subject decided through a chain asks the same question."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from core.feedback import run_with_message
from core.forms import StyledFormMixin, choice_to_make

from .models import Decision


class DecisionForm(StyledFormMixin, forms.Form):
    decision = choice_to_make(_("Decision"), Decision.Outcome.choices)
    comment = forms.CharField(
        label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def run_decision(request, decide) -> None:
    """The body of every decide view: the one form, then the subject's service
    `decide(outcome=..., comment=...)`; a refusal or a missing choice becomes a message."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose approve or reject."))
        return
    data = form.cleaned_data
    run_with_message(request, lambda: decide(outcome=data["decision"], comment=data["comment"]))
