import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, StyledFormMixin, within_calendar

from .models import SessionMaterial, TrainingPlan, TrainingSession


class PlanForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = [
            "period",
            "year",
            "month",
            "title",
            "topics",
            "audience",
            "department",
            "tier",
            "trainer",
        ]
        widgets = {"topics": forms.Textarea(attrs={"rows": 4})}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class SessionForm(StyledFormMixin, forms.ModelForm):
    # Each file gets the material model's own check, shown on the form when it refuses.
    materials = MultipleFileField(
        label=_("Materials"),
        required=False,
        validators=SessionMaterial._meta.get_field("file").validators,
    )

    class Meta:
        model = TrainingSession
        fields = ["kind", "plan", "topic", "held_on", "trainer"]
        widgets = {"held_on": DATE_INPUT}


class MonthField(forms.Field):
    """YYYY-MM, as the compliance URLs use it."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            if len(value) != 7:
                raise ValueError(value)
            month = datetime.datetime.strptime(value, "%Y-%m").date()
            within_calendar(month)
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None
        return month


class MonthForm(forms.Form):
    month = MonthField(required=False)
