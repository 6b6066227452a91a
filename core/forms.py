import datetime
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.prepared import Statement

# Every date a person enters lies in this span: nothing in the product happened before 1900 or
# is planned past 2100, and dates at the ends of the calendar overflow deadline arithmetic.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and expects


class IsoDateInput(forms.DateInput):
    """An <input type="date">: browsers accept only an ISO value, whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME)


DATE_INPUT = IsoDateInput()


def within_calendar(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("The date must lie between %(earliest)s and %(latest)s."),
            code="out_of_range",
            params={"earliest": EARLIEST, "latest": LATEST},
        )


def _iso_and_bounded(field) -> None:
    if isinstance(field, forms.DateTimeField):
        widget_class, low, high = IsoDateTimeInput, f"{EARLIEST}T00:00", f"{LATEST}T23:59"
    elif isinstance(field, forms.DateField):
        widget_class, low, high = IsoDateInput, f"{EARLIEST}", f"{LATEST}"
    else:
        return
    field.localize = False
    if not isinstance(field.widget, forms.HiddenInput):
        attrs = {**field.widget.attrs, "min": low, "max": high}
        attrs.pop("type", None)
        field.widget = widget_class(attrs)
        field.widget.is_required = field.required
    field.validators.append(within_calendar)


class StyledFormMixin:
    """Every form's fields as the product shows them: Bootstrap classes, and date inputs that
    render ISO values and refuse dates outside EARLIEST..LATEST."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _iso_and_bounded(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"  # RadioSelect: CheckboxSelectMultiple too
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def choice_to_make(label, choices, *, required=True, blank=None) -> forms.ChoiceField:
    """A decision or check the user must make themselves: nothing is pre-selected, because a
    first option shown as selected would decide for anyone who does not look."""
    return forms.ChoiceField(
        label=label, choices=[("", blank or _("— choose —")), *choices], required=required
    )


class _ListedChoices(forms.models.ModelChoiceIterator):
    """The choices read in one query, by the field's statement: Django's iterator counts them,
    then reads them again through a server-side cursor (four round trips on PostgreSQL)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects:
            yield self.choice(obj)

    def __len__(self):
        return len(self._objects) + (self.field.empty_label is not None)

    @cached_property
    def _objects(self) -> list:
        return self.field.listed()


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice among a short list (departments, posts) that a page shows in full. The
    list is read by a statement compiled once (core.prepared.Statement), which the copies of
    the field each form makes share; a queryset given to one form's field has its own."""

    iterator = _ListedChoices

    def _set_queryset(self, queryset):
        self.listed = Statement(lambda: queryset)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.listed = self.listed
        return result
