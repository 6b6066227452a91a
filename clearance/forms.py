from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import StyledFormMixin
from personnel.models import Employee

from .models import CLEARABLE_LEVELS, PeriodicReview

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClearanceRequestForm(StyledFormMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    level = forms.ChoiceField(label=_("Level"), choices=CLEARABLE_LEVELS)
    temporary = forms.BooleanField(label=_("Temporary (non-classified staff, at most 90 days)"),
                                   required=False)  # fmt: skip
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    comment = forms.CharField(label=_("Opinion"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ReviewForm(StyledFormMixin, forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    result = forms.ChoiceField(label=_("Result"), choices=PeriodicReview.Result.choices)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
