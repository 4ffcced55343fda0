"""Writing CSV and Excel files that are safe to open in a spreadsheet."""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

#: A cell starting with one of these is a formula to Excel, WPS and LibreOffice
#: (`=cmd|' /C calc'!A0`), even in a CSV file. Such text is written with a leading
#: apostrophe, which every one of them shows as plain text (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: object) -> object:
    """Text that could run as a formula, made inert; numbers and dates as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[object]], filename: str
) -> Response:
    """A UTF-8 CSV with a byte-order mark, so Excel on Chinese Windows reads it right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return _download(buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8", filename)


def xlsx_response(workbook: Workbook, filename: str) -> Response:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, filename)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


#: Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _text_width(value: object) -> float:
    """Roughly how many Latin characters wide a cell is (CJK characters take two)."""
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1.1 for c in text)


def add_sheet(
    workbook: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence]
) -> Worksheet:
    """A sheet with a bold header row, every text cell inert, columns as wide as their text."""
    sheet = workbook.create_sheet(str(title).translate(_SHEET_FORBIDDEN)[:31])
    sheet.append(safe_row(str(cell) for cell in header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Labels may be lazy catalog strings: cells take plain text, numbers and dates.
        sheet.append(safe_row(v if isinstance(v, int | float | date) else str(v) for v in row))
    for column in sheet.columns:
        width = max(_text_width(cell.value) for cell in column if cell.value is not None)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"
    return sheet
