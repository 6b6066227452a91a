from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import DATE_INPUT, StyledFormMixin

from .models import Agreement, Department, DossierEntry, Employee, Tier


class EmployeeForm(StyledFormMixin, forms.ModelForm):
    """Validation only: the view hands cleaned_data to the service."""

    class Meta:
        model = Employee
        fields = [
            "employee_no",
            "name",
            "department",
            "position",
            "employment_type",
            "hire_date",
            "status",
            "tier",
        ]
        widgets = {"hire_date": DATE_INPUT}


class EmployeeFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.ModelChoiceField(
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


class AgreementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["kind", "signed_on", "scan", "note"]
        widgets = {"signed_on": DATE_INPUT}


class DossierEntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DossierEntry
        fields = ["kind", "occurred_on", "title", "detail", "score"]
        widgets = {"occurred_on": DATE_INPUT, "detail": forms.Textarea(attrs={"rows": 3})}


class DepartmentHeadForm(StyledFormMixin, forms.Form):
    head = forms.ModelChoiceField(label=_("Head"), queryset=Employee.objects.none(), required=False)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Employee.objects.filter(
            department=department, status=Employee.Status.ACTIVE, user__isnull=False
        )
