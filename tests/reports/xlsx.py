"""Reading an exported sheet back (openpyxl), for the export tests."""

from io import BytesIO

from openpyxl import load_workbook

from reports.sheets import CONTENT_TYPE, HEADER_ROW


def read_sheet(response) -> dict:
    """The parts of an exported sheet: marking, title, stamp row, header and data rows."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    header = tuple(value for value in rows[HEADER_ROW - 1] if value is not None)
    return {
        "marking": rows[0][0],
        "title": rows[1][0],
        "stamp": rows[2],
        "header": header,
        "rows": [tuple(row[: len(header)]) for row in rows[HEADER_ROW:]],
    }


def column(sheet: dict, header: str) -> list:
    index = sheet["header"].index(header)
    return [row[index] for row in sheet["rows"]]
