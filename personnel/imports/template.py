"""The template of a kind of import: the spec drawn as a workbook to fill in — the headers
(required ones in red) and one example row (skipped when it comes back unchanged),
drop-down lists fed from a hidden sheet, and a sheet of instructions."""

from io import BytesIO

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .sheet import CHOICE, DATE, TEXT, YES_NO, Column, ImportSpec

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LISTS_SHEET = "lists"


def _choices_of(column: Column) -> list[str]:
    if column.kind == CHOICE:
        return [str(label) for _value, label in column.choices]
    if column.kind == YES_NO:
        return [_("Yes"), _("No")]
    return list(column.options()) if column.options else []


def _drop_down(ws, lists, column: Column, letter: str, list_index: int, rows: int) -> bool:
    values = _choices_of(column)
    if not values:
        return False
    list_letter = get_column_letter(list_index)
    for number, value in enumerate(values, start=1):
        lists.cell(number, list_index, value)
    validation = DataValidation(
        type="list",
        formula1=f"{LISTS_SHEET}!${list_letter}$1:${list_letter}${len(values)}",
        allow_blank=True,
        showErrorMessage=column.kind != TEXT,  # names from the database may be new since
        errorTitle=str(column.header),
        error=_("Please choose a value from the list."),
    )
    validation.add(f"{letter}2:{letter}{rows + 1}")
    ws.add_data_validation(validation)
    return True


def template_xlsx(spec: ImportSpec, *, rows: int) -> bytes:
    """The spec as a workbook to fill in: headers (required ones in red), one example row,
    drop-down lists on `rows` rows, and a sheet of instructions."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(spec.title)[:31]
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    example = spec.example()
    list_index = 0
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index, str(column.header))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEADER_FILL
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        if column.as_text:
            dimension.number_format = "@"
        elif column.kind == DATE:
            dimension.number_format = "yyyy-mm-dd"
        if _drop_down(ws, lists, column, letter, list_index + 1, rows):
            list_index += 1
        sample = ws.cell(2, index, _example_value(column, example.get(column.key)))
        sample.font = Font(italic=True, color="808080")
        if column.as_text:
            sample.number_format = "@"
        elif column.kind == DATE:
            sample.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    _instructions(workbook.create_sheet(_("Instructions")), spec)
    workbook.move_sheet(LISTS_SHEET, offset=1)  # after the instructions: the visible order
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _example_value(column: Column, value):
    if value is None:
        return None
    if column.kind == YES_NO:
        return _("Yes") if value else _("No")
    if column.kind == CHOICE:
        return str(dict(column.choices).get(value, value))
    return str(value) if isinstance(value, Promise) else value


def _instructions(ws, spec: ImportSpec) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    ws.append([_("How to fill in the %(list)s template") % {"list": spec.title}])
    ws["A1"].font = Font(bold=True, size=13)
    general = (
        _("Fill in one row per record below the header; keep the header row as it is."),
        _("The grey example row is skipped if left unchanged: overwrite it or delete it."),
        _("Columns with a red header are required; pick values from the drop-down lists."),
    )
    for line in (*general, *spec.notes):
        ws.append([str(line)])
    ws.append([])
    ws.append([_("Column"), _("Required"), _("Notes")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        ws.append([str(column.header), _("Yes") if column.required else _("No"), str(column.note)])
