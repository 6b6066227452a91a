"""The filters of personnel's registers (issue 18)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .models import Agreement, Department
from .selectors import COMMITMENT_MISSING


class AgreementRegisterFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or employee number")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agreement.Kind.choices]
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Signed documents")),
            (COMMITMENT_MISSING, _("Classified staff without a commitment")),
        ],
    )

    @property
    def missing(self) -> bool:
        return self.cleaned_data.get("show") == COMMITMENT_MISSING
