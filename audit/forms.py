"""Forms that carry a record's version, so that a save cannot silently revert another's."""

from django import forms

from .history import StaleRecord, record_version


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
