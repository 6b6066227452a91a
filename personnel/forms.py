from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import VersionedFormMixin
from core.forms import DATE_INPUT, ListedModelChoiceField, StyledFormMixin
from core.pickers import PickerField, PickerFormMixin
from core.uploads import UploadValidator
from reports.models import ImportJob

from .identity import IdType
from .models import Agreement, Department, DossierEntry, Employee, Position, Tier
from .pickers import HEADS
from .selectors import COMMITMENT_MISSING


class EmployeeForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """The plain facts only: status, tier and headship change through their workflows
    (onboarding, offboarding, transfers). The view hands cleaned_data to the service."""

    class Meta:
        model = Employee
        fields = [
            "employee_no",
            "name",
            "department",
            "position",
            "employment_type",
            "id_type",
            "id_number",
            "hire_date",
        ]
        widgets = {"hire_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_type"].required = False  # a record without a number needs no kind

    def clean_id_type(self):
        return self.cleaned_data["id_type"] or IdType.RESIDENT_ID

    def facts(self, *, changed_only=False) -> dict:
        names = self.changed_data if changed_only else self._meta.fields
        return {name: self.cleaned_data[name] for name in names if name in self._meta.fields}


class EmployeeFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = ListedModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Employee.Status.choices],
        required=False,
    )
    secret_post = forms.ChoiceField(
        label=_("Secret post"),
        choices=[("", _("All posts")), ("yes", _("Secret posts")), ("no", _("Other posts"))],
        required=False,
    )
    commitment = forms.ChoiceField(
        label=_("Commitment"),
        choices=[("", _("Any commitment")), (COMMITMENT_MISSING, _("No commitment on file"))],
        required=False,
    )


class AgreementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["kind", "signed_on", "scan", "note"]
        widgets = {"signed_on": DATE_INPUT}


class AgreementScanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["scan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].required = True


class AgreementFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Agreement.Kind.choices], required=False
    )
    scan = forms.ChoiceField(
        label=_("Scan"),
        choices=[
            ("", _("With or without scan")),
            ("yes", _("Scan on file")),
            ("no", _("No scan yet")),
        ],
        required=False,
    )


class DossierEntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DossierEntry
        fields = ["kind", "occurred_on", "title", "detail", "score"]
        widgets = {"occurred_on": DATE_INPUT, "detail": forms.Textarea(attrs={"rows": 3})}


class DepartmentHeadForm(PickerFormMixin, StyledFormMixin, forms.Form):
    """`user` and `picker_params={"department": pk}`: the department's staff the user sees."""

    head = PickerField(HEADS, label=_("Head"), required=False)


class _FactsMixin:
    def facts(self, *, changed_only=False) -> dict:
        """The cleaned fields for the service: all of them, or those the user changed."""
        names = self.changed_data if changed_only else self._meta.fields
        return {name: self.cleaned_data[name] for name in names if name in self._meta.fields}


class DepartmentForm(_FactsMixin, StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """Name, code and the technical flag; the head changes on its own page (it moves rights)."""

    class Meta:
        model = Department
        fields = ["name", "code", "is_technical"]


class PositionForm(_FactsMixin, StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["title", "department", "is_secret_post", "required_tier", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}


class OrgFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    secret_post = forms.ChoiceField(
        label=_("Secret post"),
        choices=[("", _("All posts")), ("yes", _("Secret posts")), ("no", _("Other posts"))],
        required=False,
    )


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"), validators=[UploadValidator("sheet")]
    )


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(choices=ImportJob.Mode.choices)
