"""Jobs from a file: read a CSV or .xlsx file warily, check its rows a chunk per request,
then import every good row in one transaction when the manager says so.

Checking runs in steps driven by the browser's polling, so it needs no background thread
and any gunicorn worker can take the next step: each step re-reads the stored bytes, skips
the rows already checked and claims its chunk with a conditional UPDATE on `checked_rows`.
"""

import csv
import enum
import io
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import cast

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from kiosk.domain.forms import FieldProblem, Refused
from kiosk.domain.rows import rows_changed
from kiosk.domain.text import normalize
from kiosk.job_admin.editing import (
    EMPLOYMENT_TYPE_OUT,
    PAY_UNIT_OUT,
    CheckedJob,
    JobForm,
    JobProblem,
    check_job,
    create_job,
    open_duplicate,
)
from kiosk.models import Employer, ImportStatus, Job, JobImport, Station
from kiosk.spreadsheets import FORMULA_STARTS, safe_row

#: The largest file taken (a 20,000-row CSV is about 4 MB).
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
#: Columns read per row; a sheet claiming more is not a jobs file.
MAX_COLUMNS = 60
#: An .xlsx is a zip: its parts may not unpack to more than this (a "zip bomb" would).
MAX_UNPACKED = 80 * 1024 * 1024
#: Rows checked per polling step: a step stays well under a second.
CHUNK_ROWS = 250
#: Problems kept for the preview; the page says how many rows more were bad.
MAX_PROBLEMS = 300
PREVIEW_ROWS = 5


@dataclass(frozen=True)
class Column:
    key: str
    header_zh: str
    required: bool = False


#: The template's columns, in order. Headers may be the English keys or the Chinese names.
COLUMNS = (
    Column("title_zh", "职位名称", True),
    Column("title_mn", "职位名称（蒙古文）"),
    Column("category", "职业类别", True),
    Column("region", "工作地区代码", True),
    Column("employer_code", "统一社会信用代码", True),
    Column("employer_name", "用人单位名称"),
    Column("pay_min", "最低工资", True),
    Column("pay_max", "最高工资", True),
    Column("pay_unit", "工资单位", True),
    Column("employment_type", "用工形式", True),
    Column("headcount", "招聘人数"),
    Column("expires_on", "截止日期", True),
    Column("description_zh", "职位描述"),
    Column("description_mn", "职位描述（蒙古文）"),
    Column("requirements_zh", "任职要求"),
    Column("requirements_mn", "任职要求（蒙古文）"),
    Column("address_zh", "工作地址"),
    Column("address_mn", "工作地址（蒙古文）"),
)
HEADER_BY_KEY = {column.key: column.header_zh for column in COLUMNS}


def _header_form(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split()).strip("*")


_KEYS = {_header_form(c.key): c.key for c in COLUMNS} | {
    _header_form(c.header_zh): c.key for c in COLUMNS
}


class Failure(enum.StrEnum):
    """Why a whole file was refused (nothing of it is imported)."""

    unreadable = "unreadable"  # not a CSV or .xlsx file, or not one we can read
    too_big = "too_big"  # unpacks to too much, or declares a huge sheet
    too_many_rows = "too_many_rows"
    no_columns = "no_columns"  # no header we know: not a jobs file
    missing_columns = "missing_columns"
    empty = "empty"


class ImportFailed(ValueError):
    def __init__(self, failure: Failure, detail: str = "") -> None:
        super().__init__(f"{failure}: {detail}" if detail else failure)
        self.failure = failure
        self.detail = detail


@dataclass
class Table:
    """A file's header (which key is in which position) and its non-blank rows."""

    columns: dict[int, str]
    rows: Iterator[tuple[int, list[object]]]

    def form(self, cells: list[object]) -> JobForm:
        data = {key: cell_text(cells[i]) for i, key in self.columns.items() if i < len(cells)}
        return JobForm.from_mapping(data)


def cell_text(value: object) -> str:
    """A cell as the text a form field would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    # Our own exports guard formula-like text with an apostrophe: take it off again.
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text


@contextmanager
def open_table(content: bytes | None) -> Iterator[Table]:
    """The file's table, read lazily; raises ImportFailed for anything not a jobs file (or
    an upload whose bytes are gone: a finished or cancelled import)."""
    if content is None:
        raise ImportFailed(Failure.unreadable)
    if content[:4] == b"PK\x03\x04":
        with _workbook_rows(content) as rows:
            yield _table(rows)
    else:
        yield _table(_csv_rows(content))


def _table(rows: Iterator[list[object]]) -> Table:
    header = next(rows, None)
    if header is None:
        raise ImportFailed(Failure.empty)
    columns: dict[int, str] = {}
    for position, cell in enumerate(header[:MAX_COLUMNS]):
        key = _KEYS.get(_header_form(cell_text(cell)))
        if key and key not in columns.values():
            columns[position] = key
    if not columns:
        raise ImportFailed(Failure.no_columns)
    missing = [c.header_zh for c in COLUMNS if c.required and c.key not in columns.values()]
    if missing:
        raise ImportFailed(Failure.missing_columns, "、".join(missing))

    def numbered() -> Iterator[tuple[int, list[object]]]:
        count = 0
        for number, cells in enumerate(rows, start=2):  # row 1 is the header, as Excel counts
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFailed(Failure.too_many_rows)
            yield number, cells

    return Table(columns, numbered())


def _csv_rows(content: bytes) -> Iterator[list[object]]:
    if b"\x00" in content:
        raise ImportFailed(Failure.unreadable)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page: GBK, within GB18030.
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFailed(Failure.unreadable) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            cells: list[object] = list(row[:MAX_COLUMNS])
            yield cells
    except csv.Error:
        raise ImportFailed(Failure.unreadable) from None


@contextmanager
def _workbook_rows(content: bytes) -> Iterator[Iterator[list[object]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailed(Failure.unreadable) from None
    if unpacked > MAX_UNPACKED:
        raise ImportFailed(Failure.too_big)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise ImportFailed(Failure.unreadable) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFailed(Failure.empty)
        # A declared dimension of a million rows would make openpyxl pad every row out.
        if (sheet.max_row or 0) > MAX_ROWS + 1 or (sheet.max_column or 0) > 16 * MAX_COLUMNS:
            raise ImportFailed(Failure.too_big)

        def rows() -> Iterator[list[object]]:
            try:
                for cells in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    yield list(cells)
            except ImportFailed:
                raise
            except Exception:
                raise ImportFailed(Failure.unreadable) from None

        yield rows()
    finally:
        workbook.close()


# --- checking, step by step ----------------------------------------------------------------


@dataclass
class CheckedRow:
    number: int
    job: CheckedJob | None
    problems: dict[str, FieldProblem] = field(default_factory=dict)


def _identity(form: JobForm) -> tuple[str, str, str] | None:
    """What makes two rows the same job: employer, title and county."""
    code, title, region = form.employer_code.strip(), form.title_zh.strip(), form.region.strip()
    if not (code and title and region):
        return None
    return uscc.compact(code).upper(), normalize(title), region


def checked_rows(
    session: Session, table: Table, today: date, *, start: int = 0
) -> Iterator[CheckedRow]:
    """Rows from index `start` on, each checked like a form and against open jobs and the
    rows before it (which are read, not checked, to know what they were)."""
    seen: dict[tuple[str, str, str], int] = {}
    for index, (number, cells) in enumerate(table.rows):
        form = table.form(cells)
        identity = _identity(form)
        if index < start:
            if identity:
                seen.setdefault(identity, number)
            continue
        row = CheckedRow(number, None)
        try:
            # Every cell goes through the form's checks, the text rule first.
            row.job = check_job(session, form, today=today)
        except Refused as refused:
            row.problems = refused.problems
        if row.job is not None:
            if identity in seen:
                row.problems["title_zh"] = FieldProblem(JobProblem.duplicate_row, seen[identity])
            elif open_duplicate(session, row.job):
                row.problems["title_zh"] = FieldProblem(JobProblem.duplicate)
            if row.problems:
                row.job = None
        if identity:
            seen.setdefault(identity, number)
        yield row


def _problem_entries(row: CheckedRow) -> list[dict]:
    return [
        {
            "row": row.number,
            "column": HEADER_BY_KEY.get(name, name),
            "problem": p.problem.value,
            "detail": p.detail,
        }
        for name, p in row.problems.items()
    ]


def start_import(
    session: Session, filename: str, content: bytes, staff_id: uuid.UUID | None
) -> JobImport:
    """Keep the upload and count its rows; a file that cannot be read fails at once."""
    job_import = JobImport(staff_id=staff_id, filename=filename[:200] or "-", content=content)
    try:
        with open_table(content) as table:
            job_import.total_rows = sum(1 for _ in table.rows)
        if job_import.total_rows == 0:
            raise ImportFailed(Failure.empty)
    except ImportFailed as failed:
        _fail(job_import, failed)
    session.add(job_import)
    return job_import


def _fail(job_import: JobImport, failed: ImportFailed) -> None:
    job_import.status = ImportStatus.failed
    job_import.failure = (f"{failed.failure}:{failed.detail}" if failed.detail else failed.failure)[
        :200
    ]
    job_import.content = None


def check_next_rows(
    session: Session, job_import: JobImport, today: date, size: int | None = None
) -> None:
    """Check the next `size` rows. Two workers polling at once both check the chunk, but
    only the first to write its result counts (the UPDATE names the rows it started from)."""
    if job_import.status != ImportStatus.checking:
        return
    size = size or CHUNK_ROWS
    start = job_import.checked_rows
    good, found = 0, []
    try:
        with open_table(job_import.content) as table:
            rows = list(islice(checked_rows(session, table, today, start=start), size))
    except ImportFailed as failed:
        _fail(job_import, failed)
        return
    for row in rows:
        good += row.job is not None
        found += _problem_entries(row)
    done = start + len(rows) >= job_import.total_rows or len(rows) < size
    session.execute(
        update(JobImport)
        .where(
            JobImport.id == job_import.id,
            JobImport.status == ImportStatus.checking,
            JobImport.checked_rows == start,
        )
        .values(
            checked_rows=start + len(rows),
            good_rows=JobImport.good_rows + good,
            problems=(list(job_import.problems) + found)[:MAX_PROBLEMS],
            status=ImportStatus.checked if done else ImportStatus.checking,
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(job_import)


@dataclass(frozen=True)
class PreviewRow:
    number: int
    values: dict
    employer_name: str

    def __getattr__(self, name: str) -> object:
        # Reads like a Job for the pay formatter (pay_min, pay_max, pay_unit).
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def preview(session: Session, job_import: JobImport, today: date) -> list[PreviewRow]:
    """The first few good rows, as they would be imported."""
    if job_import.status != ImportStatus.checked or not job_import.good_rows:
        return []
    shown = []
    try:
        with open_table(job_import.content) as table:
            for row in checked_rows(session, table, today):
                if row.job is not None:
                    job = row.job
                    name = job.employer.name_zh if job.employer else job.employer_code_name[1]
                    shown.append(PreviewRow(row.number, job.values, name))
                    if len(shown) == PREVIEW_ROWS:
                        break
    except ImportFailed:
        return []
    return shown


def unlisted_bad_rows(job_import: JobImport) -> int:
    """Bad rows whose problems did not fit in the stored list."""
    listed = {entry["row"] for entry in job_import.problems}
    return max(0, job_import.checked_rows - job_import.good_rows - len(listed))


class ImportProblem(enum.StrEnum):
    """Why an import did not run (nothing was written)."""

    consent = "consent"  # bad rows, and the box to skip them not ticked
    not_ready = "not_ready"
    done = "done"


def run_import(
    session: Session,
    job_import: JobImport,
    today: date,
    *,
    skip_bad: bool,
    origin: str,
    station: Station | None,
) -> list[Job]:
    """Import every good row in the caller's transaction (all of them or, on any error, none).

    The conditional status change makes a second submit of the same form import nothing.
    """
    bad = job_import.checked_rows - job_import.good_rows
    if job_import.status != ImportStatus.checked:
        checking = job_import.status == ImportStatus.checking
        raise Refused.one("import", ImportProblem.not_ready if checking else ImportProblem.done)
    if bad and not skip_bad:
        raise Refused.one("import", ImportProblem.consent)
    claimed = rows_changed(
        session,
        update(JobImport)
        .where(JobImport.id == job_import.id, JobImport.status == ImportStatus.checked)
        .values(status=ImportStatus.importing)
        .execution_options(synchronize_session=False),
    )
    if claimed != 1:
        raise Refused.one("import", ImportProblem.done)
    content = job_import.content
    jobs: list[Job] = []
    made: dict[str, Employer] = {}
    # One flush at the end: the search index takes all new jobs in one go.
    with session.no_autoflush, open_table(content) as table:
        for row in checked_rows(session, table, today):
            if row.job is None:
                continue
            checked = row.job
            if checked.new_employer and checked.new_employer[0] in made:
                checked.employer, checked.new_employer = made[checked.new_employer[0]], None
            job = create_job(session, checked, origin=origin, station=station)
            made.setdefault(job.employer.credit_code, job.employer)
            jobs.append(job)
    session.flush()
    session.expire(job_import)
    job_import.status = ImportStatus.imported
    job_import.imported_rows = len(jobs)
    job_import.content = None
    return jobs


def cancel_import(job_import: JobImport) -> bool:
    if job_import.status not in (ImportStatus.checking, ImportStatus.checked):
        return False
    job_import.status = ImportStatus.cancelled
    job_import.content = None
    return True


# --- the template and exports --------------------------------------------------------------


def header_row() -> list[str]:
    return [column.header_zh for column in COLUMNS]


def export_row(job: Job) -> list[object]:
    """A job in the template's columns, so an export can be imported again."""
    values = {
        "category": job.category.name_zh,
        "region": job.region_code,
        "employer_code": job.employer.credit_code,
        "employer_name": job.employer.name_zh,
        "pay_unit": PAY_UNIT_OUT[job.pay_unit],
        "employment_type": EMPLOYMENT_TYPE_OUT[job.employment_type],
        "expires_on": job.expires_on.isoformat(),
    }
    return [values[c.key] if c.key in values else getattr(job, c.key) for c in COLUMNS]


def workbook(rows: list[list[object]]) -> Workbook:
    """A sheet with the header row and `rows`, formula-like text already made inert."""
    book = Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook has its one sheet
    sheet.title = "jobs"
    sheet.append(safe_row(header_row()))
    for row in rows:
        sheet.append(safe_row(row))
    for letter in "ACEF":
        sheet.column_dimensions[letter].width = 24
    return book
