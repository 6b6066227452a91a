from django import forms
from django.utils.translation import gettext_lazy as _

from .history import StaleRecord, record_version


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VersionedFormMixin:
    """A hidden `version` field: the record's version when the form was opened, so the
    service can refuse a save that would silently revert someone else's (lost update)."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if record is not None and not self.is_bound:
            self.initial["version"] = record_version(record)

    def show_conflict(self, error: StaleRecord) -> None:
        """Keep what the user typed, say what changed, and take the current version so a
        second submit is a deliberate overwrite."""
        self.add_error(None, error.message)
        self.data = self.data.copy()
        self.data["version"] = str(error.version)


def choice_to_make(label, choices, *, required=True, blank=None) -> forms.ChoiceField:
    """A decision or check the user must make themselves: nothing is pre-selected, because a
    first option shown as selected would decide for anyone who does not look."""
    return forms.ChoiceField(
        label=label, choices=[("", blank or _("— choose —")), *choices], required=required
    )
