"""Forms that carry a record's version, so that a save cannot silently revert another's, and
the filters of the access log and the change history."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .history import HISTORY_ACTIONS, StaleRecord, record_version
from .models import AccessLog

Action = AccessLog.Action


class VersionedFormMixin:
    """A hidden `version` field: the record's version when the form was opened, so the
    service can refuse a save that would silently revert someone else's (lost update)."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if record is not None and not self.is_bound:
            self.initial["version"] = record_version(record)

    def show_conflict(self, error: StaleRecord) -> None:
        """Say who changed what; show their values in the fields this user left alone and keep
        what this user typed; take the current version, so a second submit is deliberate."""
        self.add_error(None, error.message)
        data = self.data.copy()
        for name, opened, current in error.changes:
            if name in self.fields and data.get(name, "") == opened:
                data[name] = current
        data["version"] = str(error.version)
        self.data = data


class PeriodFilterMixin:
    """`date_from` and `date_to` (both days included); a period ending before it starts is
    refused rather than silently empty."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned


class AccessLogFilterForm(PeriodFilterMixin, StyledFormMixin, forms.Form):
    """The access log's filters, shared by its page, its Excel and its PDF (C5, R2)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or login, object or copy number")}),
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or login")}),
    )
    target = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Object or copy number")}),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)


def _kinds_of_record() -> list:
    from .changes import kind_choices  # the tracked models, known once the apps are loaded

    return [("", _("All kinds of record")), *kind_choices()]


class ChangeHistoryFilterForm(PeriodFilterMixin, StyledFormMixin, forms.Form):
    """The change history's filters, shared by its page, its Excel and its PDF (R1, R2)."""

    person = forms.CharField(
        label=_("Changed by"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or login")}),
    )
    kind = forms.ChoiceField(label=_("Kind of record"), required=False, choices=_kinds_of_record)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *HISTORY_ACTIONS]
    )
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
