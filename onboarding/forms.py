from django import forms
from django.utils.translation import gettext_lazy as _

from audit.forms import VersionedFormMixin
from core.forms import StyledFormMixin, choice_to_make

from .models import Candidate, Check

NOT_DONE = _("Not done")
YES_NO = [("", "—"), ("true", _("Yes")), ("false", _("No"))]


class CandidateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "id_type", "id_number", "department", "position", "cv"]


class VettingForm(StyledFormMixin, VersionedFormMixin, forms.Form):
    # A–D start at "not done": a check shown as passed would pass for anyone who skips it.
    character = choice_to_make(
        Candidate._meta.get_field("character").verbose_name,
        Check.choices,
        required=False,
        blank=NOT_DONE,
    )
    education = choice_to_make(
        Candidate._meta.get_field("education").verbose_name,
        Check.choices,
        required=False,
        blank=NOT_DONE,
    )
    qualification = choice_to_make(
        Candidate._meta.get_field("qualification").verbose_name,
        Check.choices,
        required=False,
        blank=NOT_DONE,
    )
    identity = choice_to_make(
        Candidate._meta.get_field("identity").verbose_name,
        Check.choices,
        required=False,
        blank=NOT_DONE,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    professional_quality = forms.CharField(
        required=False, label=_("Professional quality"), widget=forms.Textarea(attrs={"rows": 2})
    )
    disciplinary_record = forms.CharField(
        required=False,
        label=_("Disciplinary or criminal record"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    motivation = forms.CharField(
        required=False, label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    job_fit = forms.CharField(
        required=False,
        label=_("Fit with the job description"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Candidate.CONDITIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=Candidate._meta.get_field(name).verbose_name,
                choices=YES_NO,
                coerce=lambda v: v == "true",
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def results(self) -> dict:
        data = dict(self.cleaned_data)
        data["vetting_note"] = data.pop("note")
        return data


class HireForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label=_("Employee number"), max_length=20)
    username = forms.CharField(label=_("Username"), max_length=150)
