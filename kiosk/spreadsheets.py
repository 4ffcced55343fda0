"""Writing CSV and Excel files that are safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response
from openpyxl import Workbook

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
