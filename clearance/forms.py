from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, IsoDateTimeInput, StyledFormMixin, choice_to_make
from core.pickers import PickerField, PickerFormMixin
from personnel.models import Department

from . import pickers
from .models import (
    CLEARABLE_LEVELS,
    DepartmentFinding,
    MajorEventReport,
    PeriodicReview,
    TravelDocument,
    TravelRequest,
    Violation,
)


class ClearanceRequestForm(PickerFormMixin, StyledFormMixin, forms.Form):
    employee = PickerField(pickers.REQUESTABLE, label=_("Employee"))
    level = forms.ChoiceField(label=_("Level"), choices=CLEARABLE_LEVELS)
    temporary = forms.BooleanField(
        label=_("Temporary (non-classified staff, at most 90 days)"), required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(PickerFormMixin, StyledFormMixin, forms.Form):
    employee = PickerField(pickers.REVIEWABLE, label=_("Employee"))
    result = choice_to_make(_("Result"), PeriodicReview.Result.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkReviewForm(StyledFormMixin, forms.Form):
    """One result and note for every person ticked on the list of reviews due."""

    result = choice_to_make(_("Result"), PeriodicReview.Result.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class IncidentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    discovered_at = forms.DateTimeField(label=_("Discovered at"), widget=IsoDateTimeInput())
    hide_identity = forms.BooleanField(
        label=_("Hide my identity from everyone but the security office"), required=False
    )


class IncidentUpdateForm(StyledFormMixin, forms.Form):
    remedial_measures = forms.CharField(
        label=_("Remedial measures taken"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    authority_reported_at = forms.DateTimeField(
        label=_("Reported to the secrecy authority at"),
        required=False,
        widget=IsoDateTimeInput(),
    )
    result = forms.CharField(
        label=_("Investigation result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ViolationForm(PickerFormMixin, StyledFormMixin, forms.Form):
    employee = PickerField(pickers.VIOLATORS, label=_("Employee"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Violation.Kind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.ChoiceField(
        label=_("Measure"),
        required=False,
        choices=[("", _("As the rule proposes")), *Violation.Measure.choices],
    )
    override_reason = forms.CharField(
        label=_("Reason for another measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MajorEventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MajorEventReport.Kind.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    hide_identity = forms.BooleanField(
        label=_("Hide my identity from everyone but the security office"),
        required=False,
        help_text=_("For a suspected leak only."),
    )


class TravelRequestForm(PickerFormMixin, StyledFormMixin, forms.Form):
    employee = PickerField(pickers.TRAVELLERS, label=_("Traveller"))
    destination = forms.CharField(label=_("Destination (country or region)"), max_length=200)
    departure = forms.DateField(label=_("Departure"), widget=DATE_INPUT)
    return_date = forms.DateField(label=_("Return date"), widget=DATE_INPUT)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, for_others: bool, **kwargs):
        """`for_others`: the security office files for a traveller; else one files for oneself."""
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["employee"]


class BriefingForm(StyledFormMixin, forms.Form):
    briefed_on = forms.DateField(label=_("Briefed on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("What was covered"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnReportForm(StyledFormMixin, forms.Form):
    report = forms.CharField(label=_("Return report"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnTalkForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Return talk held on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Return talk note"), widget=forms.Textarea(attrs={"rows": 2}))


class TravelDocumentForm(PickerFormMixin, StyledFormMixin, forms.Form):
    employee = PickerField(pickers.HOLDERS, label=_("Holder"))
    kind = forms.ChoiceField(label=_("Kind"), choices=TravelDocument.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=32)
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE_INPUT)


class HandOutForm(forms.Form):
    travel = forms.ModelChoiceField(queryset=TravelRequest.objects.none())

    def __init__(self, *args, trips, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["travel"].queryset = trips


class DeptInspectionPlanForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE_INPUT)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 2}))
    inspectors = forms.CharField(label=_("Inspectors"), max_length=200)


class DeptInspectionFinishForm(StyledFormMixin, forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}))


class DeptFindingForm(PickerFormMixin, StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = choice_to_make(_("Severity"), DepartmentFinding.Severity.choices)
    owner = PickerField(pickers.FINDING_OWNERS, label=_("Responsible"))
    due_on = forms.DateField(label=_("Rectify by"), widget=DATE_INPUT)


class RectificationForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Rectification"), widget=forms.Textarea(attrs={"rows": 2}))


class VerificationForm(StyledFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Verification"),
        choices=[
            ("", _("— choose —")),
            ("1", _("Accepted")),
            ("0", _("Not accepted: back to the owner")),
        ],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
