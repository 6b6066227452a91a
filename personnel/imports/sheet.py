"""Importing a list from Excel (issue 17): one mechanism, one spec per kind of list.

A spec names its columns (header, type, whether required, drop-down choices) and how its
rows are written: `run(actor=, rows=, write=, all_or_nothing=, progress=)` returns one
`Outcome` per row. The mechanism reads the sheet, turns cells into values (text, dates,
choices, 是/否), reports an empty required cell, a bad value or a duplicate within the file,
and hands the rest to the spec. The employees' spec checks every row against what it loads
once and writes them in bulk; the other kinds go row by row through their services
(`rows_through_services`), each row in a savepoint, so their check is the same run, rolled
back. Whether a run is kept is the caller's decision (personnel.services.imports).

The template is the spec drawn as a workbook (personnel.imports.template).
"""

import datetime
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import DomainError

TEXT, DATE, CHOICE, YES_NO = "text", "date", "choice", "yes_no"
HEADER_SEARCH_ROWS = 10  # the header may sit below a title (an exported list has four rows)
MAX_ERRORS_KEPT = 2000
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", "×"}


class RowAction(models.TextChoices):
    CREATED = "created", gettext_lazy("New")
    UPDATED = "updated", gettext_lazy("Update")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    INVALID = "invalid", gettext_lazy("Error")


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    required: bool = False
    kind: str = TEXT
    choices: Sequence[tuple[str, str | Promise]] = ()  # CHOICE: (value, label)
    options: Callable[[], list[str]] | None = None  # a drop-down of names from the database
    max_length: int | None = None
    unique: bool = False  # a value may appear once in the file
    as_text: bool = False  # kept as text in Excel: 18-digit numbers, leading zeros
    note: str | Promise = ""
    aliases: tuple = ()  # other headers taken for this column (an exported list's)
    width: int = 16


@dataclass
class Row:
    number: int  # the row's number in the sheet, as HR sees it in Excel
    values: dict


@dataclass
class Outcome:
    row: int
    action: str
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key or "", reason)


class RowRefused(Exception):
    """A row that cannot be written, and why, per column."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.errors = [(key, message)]


class SheetError(DomainError):
    """A file the import cannot read at all: nothing of it is checked."""


@dataclass(frozen=True)
class ImportSpec:
    slug: str
    title: str | Promise
    columns: tuple[Column, ...]
    permissions: tuple[str, ...]
    run: Callable[..., list[Outcome]]
    url_name: str  # the upload page; its template is `<url_name>_template`
    list_url: str  # the list the import fills
    example: Callable[[], dict] = dict
    notes: tuple = ()

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def header(self, key: str) -> str:
        column = self.column(key)
        return str(column.header) if column else "—"


_SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    _SPECS[spec.slug] = spec
    return spec


def import_spec(slug: str) -> ImportSpec:
    try:
        return _SPECS[slug]
    except KeyError:
        raise LookupError(slug) from None


def may_import(user, spec: ImportSpec) -> bool:
    return user.is_active and all(user.has_perm(perm) for perm in spec.permissions)


# --- Rows written through the app's services --------------------------------------------------
def validation_errors(error: ValidationError, fields: dict | None = None) -> list[tuple[str, str]]:
    """A model's ValidationError as (column key, reason) pairs; `fields` maps a model field to
    its column where the names differ."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    fields = fields or {}
    return [
        (fields.get(name, name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def rows_through_services(apply_row, *, fields: dict | None = None, prepare=None):
    """A spec's `run` for a kind written row by row by its services: each row in a savepoint,
    so a refused row leaves nothing behind; `prepare()` loads what every row looks up, once."""

    def run(*, actor, rows, write, all_or_nothing, progress) -> list[Outcome]:
        context = prepare() if prepare else None
        outcomes = []
        for index, row in enumerate(rows, start=1):
            try:
                with transaction.atomic():
                    action = apply_row(actor=actor, values=row.values, context=context)
            except RowRefused as refused:
                outcomes.append(Outcome(row.number, RowAction.INVALID, refused.errors))
            except ValidationError as error:
                errors = validation_errors(error, fields)
                outcomes.append(Outcome(row.number, RowAction.INVALID, errors))
            except DomainError as error:
                outcomes.append(Outcome(row.number, RowAction.INVALID, [("", error.message)]))
            else:
                outcomes.append(Outcome(row.number, action))
            progress(index / len(rows))
        return outcomes

    return run


# --- Reading a sheet ----------------------------------------------------------------------------
@dataclass
class ReadSheet:
    rows: list[Row]  # rows whose cells all read; the spec checks them further
    invalid: list[Outcome]  # rows with a cell that does not read, or a duplicate
    total: int
    skipped_example: bool = False


def _norm(value) -> str:
    return "".join(str(value).split()).replace("*", "").lower()


def _in_both_languages(text) -> set[str]:
    names = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.add(_norm(text))
    return names


def _header_names(column: Column) -> set[str]:
    names = {_norm(column.key)}
    for text in (column.header, *column.aliases):
        names |= _in_both_languages(text)
    return names


def _choice_lookup(column: Column) -> dict[str, str]:
    lookup = {}
    for value, label in column.choices:
        lookup[_norm(value)] = value
        for name in _in_both_languages(label):
            lookup[name] = value
    return lookup


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _date(value, text: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date: write it as 2024-03-01.") % {"value": text})


class _Reader:
    def __init__(self, spec: ImportSpec):
        self.spec = spec
        self.names = {column.key: _header_names(column) for column in spec.columns}
        self.choices = {c.key: _choice_lookup(c) for c in spec.columns if c.kind == CHOICE}

    def header_map(self, cells) -> dict[str, int]:
        found = {}
        for index, cell in enumerate(cells):
            name = _norm(cell) if cell is not None else ""
            for key, names in self.names.items():
                if name and name in names and key not in found:
                    found[key] = index
        return found

    def cell(self, column: Column, value):
        """The cell's value, None when empty; ValueError saying what is wrong."""
        text = _text(value)
        if not text:
            if column.required:
                raise ValueError(_("Required: the cell is empty."))
            return None
        if column.kind == DATE:
            return _date(value, text)
        if column.kind == CHOICE:
            try:
                return self.choices[column.key][_norm(text)]
            except KeyError:
                labels = "、".join(str(label) for _value, label in column.choices)
                raise ValueError(
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": text, "choices": labels}
                ) from None
        if column.kind == YES_NO:
            if _norm(text) in YES:
                return True
            if _norm(text) in NO:
                return False
            raise ValueError(_("Write 是 or 否, not “%(value)s”.") % {"value": text})
        if column.max_length and len(text) > column.max_length:
            raise ValueError(_("At most %(n)s characters.") % {"n": column.max_length})
        return text

    def row(self, number: int, cells, positions: dict[str, int]) -> tuple[Row, Outcome | None]:
        values, errors = {}, []
        for column in self.spec.columns:
            index = positions.get(column.key)
            raw = cells[index] if index is not None and index < len(cells) else None
            try:
                values[column.key] = self.cell(column, raw)
            except ValueError as error:
                errors.append((column.key, str(error)))
        outcome = Outcome(number, RowAction.INVALID, errors) if errors else None
        return Row(number, values), outcome


def _find_header(reader: _Reader, rows) -> tuple[int, dict[str, int]]:
    required = {c.key for c in reader.spec.columns if c.required}
    best: dict[str, int] = {}
    for number, cells in enumerate(rows, start=1):
        positions = reader.header_map(cells)
        if required <= set(positions):
            return number, positions
        best = max(best, positions, key=len)
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [str(c.header) for c in reader.spec.columns if c.required and c.key not in best]
    raise SheetError(
        _(
            "The first sheet has no header row with the columns %(headers)s: please use the "
            "template."
        )
        % {"headers": "、".join(missing)}
    )


def _is_example(spec: ImportSpec, values: dict, example: dict) -> bool:
    return bool(example) and all(_text(values.get(k)) == _text(v) for k, v in example.items())


def _mark_duplicates(spec: ImportSpec, rows: list[Row], invalid: dict[int, Outcome]) -> None:
    for column in spec.columns:
        if not column.unique:
            continue
        seen: dict[str, int] = {}
        for row in rows:
            value = row.values.get(column.key)
            if value is None:
                continue
            first = seen.setdefault(_norm(value), row.number)
            if first != row.number:
                outcome = invalid.setdefault(row.number, Outcome(row.number, RowAction.INVALID))
                outcome.errors.append(
                    (column.key, _("Duplicate: the same value is on row %(row)s.") % {"row": first})
                )


def read_sheet(spec: ImportSpec, file, *, max_rows: int) -> ReadSheet:
    """The file's rows, read against the spec; SheetError when it cannot be read at all."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SheetError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        cells = workbook.worksheets[0].iter_rows(values_only=True)
        reader = _Reader(spec)
        header_row, positions = _find_header(reader, cells)
        return _read_rows(spec, reader, cells, header_row, positions, max_rows)
    finally:
        workbook.close()


def _read_rows(spec, reader, cells, header_row, positions, max_rows) -> ReadSheet:
    rows, invalid = [], {}
    example, skipped = spec.example(), False
    for number, row_cells in enumerate(cells, start=header_row + 1):
        if all(_text(cell) == "" for cell in row_cells):
            continue
        if len(rows) >= max_rows:
            raise SheetError(
                _("The file has more than %(max)s rows: please split it.") % {"max": max_rows}
            )
        row, outcome = reader.row(number, row_cells, positions)
        if not rows and not skipped and _is_example(spec, row.values, example):
            skipped = True
            continue
        rows.append(row)
        if outcome:
            invalid[number] = outcome
    if not rows:
        raise SheetError(_("The file has no rows to import."))
    _mark_duplicates(spec, rows, invalid)
    readable = [row for row in rows if row.number not in invalid]
    return ReadSheet(readable, sorted(invalid.values(), key=lambda o: o.row), len(rows), skipped)
