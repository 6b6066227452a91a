import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT, EARLIEST, LATEST, StyledFormMixin, within_calendar
from personnel.models import Department

from .models import Assignment, SessionMaterial, TrainingPlan, TrainingSession


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
        fields = ["kind", "plan", "topic", "held_on", "trainer", "hours"]
        widgets = {"held_on": DATE_INPUT}
        help_texts = {"hours": _("The study hours each attendee earns.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].required = False  # left empty: the default, one hour

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("A session's study hours are more than zero."))
        return hours


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


class YearForm(forms.Form):
    """The year of the study hours and the appraisal; this year when not given."""

    year = forms.IntegerField(required=False, min_value=EARLIEST.year, max_value=LATEST.year)
    below = forms.BooleanField(required=False)


class AwarenessForm(StyledFormMixin, forms.Form):
    department = forms.ModelChoiceField(
        Department.objects.all(),
        label=_("Department"),
        required=False,
        empty_label=_("All classified staff"),
    )


SCORE_ERROR = _("A score is a whole number between 0 and 100.")


def _score(text: str) -> int | None:
    if text.isascii() and text.isdigit() and int(text) <= 100:
        return int(text)
    return None


@dataclass
class SheetRow:
    assignment: Assignment
    attended: bool  # ticked, or marked before
    marked: bool  # marked before: it stays so
    score: str  # as shown, or as typed
    error: str = ""


class SessionSheet:
    """A session's attendance and scores as one table (a page of it): per row a box for
    "attended" and a score. Bound to a submission it checks every row and keeps what was
    typed, so a refused submission shows each row's error with nothing lost."""

    def __init__(self, session: TrainingSession, assignments, data=None):
        self.session = session
        self.error = ""
        ticked = set(data.getlist("attended")) if data is not None else set()
        self.rows = []
        for a in assignments:
            marked = a.session_id == session.pk
            if data is None:
                score = "" if a.score is None else str(a.score)
            else:
                score = data.get(f"score-{a.pk}", "").strip()[:10]
            self.rows.append(SheetRow(a, marked or str(a.pk) in ticked, marked, score))

    def is_valid(self) -> bool:
        for row in self.rows:
            row.error = SCORE_ERROR if row.score and _score(row.score) is None else ""
        return not any(row.error for row in self.rows)

    def results(self) -> dict:
        """What the submission changes: who to mark attended (ticked, or given a score) and
        the scores that differ from those recorded (one left as it was is not recorded
        again)."""
        attended, scores = [], {}
        for row in self.rows:
            score = _score(row.score) if row.score else None
            if score is not None and score != row.assignment.score:
                scores[row.assignment.pk] = score
            if not row.marked and (row.attended or score is not None):
                attended.append(row.assignment.pk)
        return {"attended": attended, "scores": scores}
