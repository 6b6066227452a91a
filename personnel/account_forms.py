from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountEvent
from core.forms import DATE_INPUT, StyledFormMixin

from .roles import DERIVED_ROLES, ROLE_LABELS


class RolesForm(StyledFormMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, label) for name, label in ROLE_LABELS.items() if name not in DERIVED_ROLES],
    )


class AccountEventFilterForm(StyledFormMixin, forms.Form):
    actor = forms.CharField(label=_("By"), required=False, max_length=150)
    target = forms.CharField(label=_("Account"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AccountEvent.Action.choices],
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)


class AccessPeriodForm(StyledFormMixin, forms.Form):
    """An account limited to a period: an external auditor's read-only access for an audit."""

    starts_on = forms.DateField(label=_("Access from"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Access until"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200)
