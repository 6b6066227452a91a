"""Input validation for the bank, the exams and the samples; the services save."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin
from personnel.models import Department
from training.forms import MonthField

from .models import Difficulty, Exam, QuestionType
from .services.bank import LETTERS, bank_topics
from .services.definition import EDITABLE

OPTION_FIELDS = tuple(f"option_{letter.lower()}" for letter in LETTERS)
IN_USE = (("", _("In use or not")), ("1", _("in use")), ("0", _("Not in use")))


class QuestionFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", _("All types")), *QuestionType.choices])
    topic = forms.CharField(required=False, max_length=100)
    difficulty = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All difficulties")), *Difficulty.choices],
    )
    active = forms.ChoiceField(required=False, choices=IN_USE)

    def filters(self) -> dict:
        data = self.cleaned_data
        active = {"1": True, "0": False}.get(data["active"])
        return {
            "q": data["q"].strip(),
            "kind": data["kind"],
            "topic": data["topic"].strip(),
            "difficulty": data["difficulty"],
            "active": active,
        }


class QuestionForm(StyledFormMixin, forms.Form):
    """A question with up to eight options; on an edit its type and number are fixed."""

    number = forms.CharField(
        label=_("question number"),
        required=False,
        max_length=20,
        help_text=_("Empty: the next free number."),
    )
    kind = forms.ChoiceField(label=_("question type"), choices=QuestionType.choices)
    topic = forms.CharField(label=_("knowledge point"), max_length=100)
    difficulty = forms.TypedChoiceField(
        label=_("difficulty"), coerce=int, choices=Difficulty.choices, initial=Difficulty.MEDIUM
    )
    text = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label=_("answer"),
        max_length=16,
        help_text=_("Single choice: B; multiple choice: ACD; true or false: 对 or 错."),
    )
    explanation = forms.CharField(
        label=_("explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, letter in zip(OPTION_FIELDS, LETTERS, strict=True):
            self.fields[key] = forms.CharField(
                label=_("Option %(letter)s") % {"letter": letter}, required=False, max_length=500
            )
            self.fields[key].widget.attrs["class"] = "form-control"
        self.fields["topic"].widget.attrs["list"] = "topics"
        self.order_fields(
            ["number", "kind", "topic", "difficulty", "text", *OPTION_FIELDS, "answer"]
        )
        if question is not None:
            for name in ("number", "kind"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["number"].help_text = ""

    def options(self) -> list[str]:
        return [self.cleaned_data.get(key) or "" for key in OPTION_FIELDS]

    def content(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "difficulty": data["difficulty"],
            "text": data["text"],
            "options": self.options(),
            "answer": data["answer"],
            "explanation": data["explanation"],
        }

    def show_errors(self, error: ValidationError) -> None:
        """The services' errors on the fields they concern (the options' on option A)."""
        for name, messages in error.message_dict.items():
            field = {"options": OPTION_FIELDS[0]}.get(name, name)
            self.add_error(field if field in self.fields else None, messages)

    @staticmethod
    def initial_of(question) -> dict:
        current = question.current
        initial = {
            "number": question.number,
            "kind": question.kind,
            "topic": question.topic,
            "difficulty": question.difficulty,
            "text": current.text,
            "answer": current.answer,
            "explanation": current.explanation,
        }
        if question.kind == QuestionType.TRUE_FALSE:
            initial["answer"] = {"T": "对", "F": "错"}.get(current.answer, current.answer)
        initial.update(zip(OPTION_FIELDS, current.options, strict=False))
        return initial


class ExamForm(StyledFormMixin, forms.ModelForm):
    month = MonthField(
        label=_("month"), required=False, help_text=_("For monthly education: YYYY-MM.")
    )
    topics = forms.MultipleChoiceField(
        label=_("knowledge points"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: every topic of the bank."),
    )

    class Meta:
        model = Exam
        fields = list(EDITABLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.topics or []) if self.instance.pk else []
        topics = sorted({*bank_topics(), *chosen})
        self.fields["topics"].choices = [(topic, topic) for topic in topics]
        self.fields["month"].widget.input_type = "month"
        if self.instance.pk and self.instance.month:
            self.initial["month"] = f"{self.instance.month:%Y-%m}"

    def _post_clean(self):
        # Exam.clean and the bank's counts are checked by the service, with its errors shown
        # on the fields (exam_validate); the form checks only the input.
        pass

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE if name in self.cleaned_data}

    def show_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class SampleForm(StyledFormMixin, forms.Form):
    class By(models.TextChoices):
        COUNT = "count", _("A number of people")
        PERCENT = "percent", _("A percentage")

    by = forms.ChoiceField(label=_("Draw"), choices=By.choices, initial=By.COUNT)
    count = forms.IntegerField(
        label=_("Number of people"), required=False, min_value=1, max_value=100000
    )
    percent = forms.IntegerField(label=_("Percentage"), required=False, min_value=1, max_value=100)
    per_department = forms.BooleanField(
        label=_("In each department"),
        required=False,
        help_text=_("The number or percentage is drawn from each department."),
    )
    department = forms.ModelChoiceField(
        label=_("Only this department"),
        required=False,
        queryset=Department.objects.order_by("code"),
    )

    def clean(self):
        data = super().clean()
        key = "count" if data.get("by") == self.By.COUNT else "percent"
        if data.get(key) is None and key not in self.errors:
            self.add_error(key, _("This field is required."))
        return data

    def size(self) -> dict:
        data = self.cleaned_data
        by_count = data["by"] == self.By.COUNT
        return {
            "count": data["count"] if by_count else None,
            "percent": None if by_count else data["percent"],
            "per_department": data["per_department"],
        }
