from django import forms
from django.utils.translation import gettext_lazy as _

from core.classification import Level
from core.forms import DATE_INPUT, ListedModelChoiceField, StyledFormMixin, choice_to_make
from core.pickers import PickerField, PickerFormMixin
from personnel.models import Department

from . import pickers
from .models import ArchiveItem, Destruction, InspectionFinding, ReadingRequest


class ItemForm(PickerFormMixin, StyledFormMixin, forms.Form):
    catalogue_no = forms.CharField(label=_("Catalogue number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    secrecy_years = forms.IntegerField(
        label=_("Secrecy period (years)"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("Empty: the level's default (绝密 30, 机密 20, 秘密 10 years)."),
    )
    retention_years = forms.IntegerField(
        label=_("Retention period (years)"), min_value=1, max_value=100
    )
    location = forms.CharField(label=_("Storage location"), max_length=100)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=999, initial=1)
    department = forms.ModelChoiceField(
        label=_("Owner department"), queryset=Department.objects.all()
    )
    custodian = PickerField(pickers.CUSTODIANS, label=_("Custodian (机密/绝密)"), required=False)
    handed_over_by = forms.CharField(label=_("Handed over by"), max_length=100)


class SearchForm(forms.Form):
    q = forms.CharField(required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    department = ListedModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
    )
    location = forms.CharField(required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ArchiveItem.Status.choices],
    )


class ReadingRequestForm(StyledFormMixin, forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OnBehalfRequestForm(PickerFormMixin, ReadingRequestForm):
    employee = PickerField(
        pickers.READERS,
        label=_("Reader"),
        error_messages={"invalid_choice": _("No employee in post has the number %(value)s.")},
    )
    field_order = ["employee", "purpose", "reason"]

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("employee", "purpose", "reason")}


class OutsiderRequestForm(ReadingRequestForm):
    outsider_name = forms.CharField(label=_("Outsider's name"), max_length=100)
    outsider_organisation = forms.CharField(label=_("Organisation"), max_length=200)
    # The model field's own check, here so that a refused letter shows on the form.
    introduction_letter = forms.FileField(
        label=_("Introduction letter"),
        validators=ReadingRequest._meta.get_field("introduction_letter").validators,
    )


class LoanForm(StyledFormMixin, forms.Form):
    copies = forms.IntegerField(label=_("Copies"), min_value=1, initial=1)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("Due date"), widget=DATE_INPUT, input_formats=["%Y-%m-%d"])


class MissingForm(StyledFormMixin, forms.Form):
    missing_since = forms.DateField(label=_("Missing since"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Circumstances"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RemovalForm(StyledFormMixin, forms.Form):
    received_by = forms.CharField(label=_("Received by"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class InspectionPlanForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE_INPUT)


class FindingForm(PickerFormMixin, StyledFormMixin, forms.Form):
    item = PickerField(pickers.INSPECTED, label=_("Archive item"))
    result = choice_to_make(_("Result"), InspectionFinding.Result.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class FindingFilterForm(StyledFormMixin, forms.Form):
    DAMAGED, UNCHECKED = "damaged", "unchecked"
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Items checked")),
            (DAMAGED, _("Damaged, awaiting repair")),
            (UNCHECKED, _("Not checked yet")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class InspectionFinishForm(StyledFormMixin, forms.Form):
    storage_conditions = forms.CharField(
        label=_("Storage conditions (damp, mould, fire, security)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DestructionProposeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DestructionRecordForm(PickerFormMixin, StyledFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Destruction.Method.choices)
    destroyed_on = forms.DateField(label=_("Destroyed on"), widget=DATE_INPUT)
    witness_1 = PickerField(pickers.WITNESSES, label=_("First witness"))
    witness_2 = PickerField(pickers.WITNESSES, label=_("Second witness"))


class StatisticsRequestForm(StyledFormMixin, forms.Form):
    subject = forms.CharField(label=_("Statistics wanted"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}))
