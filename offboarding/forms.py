import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms import DecisionForm
from core.forms import DATE_INPUT, StyledFormMixin
from core.pickers import PickerField, PickerFormMixin
from personnel.models import Department

from .models import Resignation
from .pickers import LEAVERS


class ResignationForm(StyledFormMixin, forms.Form):
    last_day = forms.DateField(label=_("Intended last day"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason for leaving"), widget=forms.Textarea(attrs={"rows": 4})
    )


class HrResignationForm(PickerFormMixin, ResignationForm):
    """HR files for an employee and may accept a shorter notice with a recorded reason."""

    employee = PickerField(LEAVERS, label=_("Employee"))
    override_reason = forms.CharField(
        label=_("Reason for accepting a shorter notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the last day is less than the required notice away."),
    )
    field_order = ["employee", "last_day", "reason", "override_reason"]


class OpinionForm(DecisionForm):
    """The department head's special-matters opinion form 《员工特别事项处理意见表》 (F2)."""

    handover_arrangements = forms.CharField(
        label=_("Handover arrangements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    classified_materials = forms.CharField(
        label=_("Classified materials held"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    passwords_held = forms.CharField(
        label=_("Passwords and credentials held"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = [
        "handover_arrangements",
        "classified_materials",
        "passwords_held",
        "decision",
        "comment",
    ]


class ResignationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Resignation.Status.choices],
        required=False,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    last_day_from = forms.DateField(label=_("Last day from"), required=False, widget=DATE_INPUT)
    last_day_to = forms.DateField(label=_("Last day to"), required=False, widget=DATE_INPUT)


class PeriodForm(StyledFormMixin, forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period starts after it ends."))
        return data


def default_last_day(notice_days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=notice_days)
