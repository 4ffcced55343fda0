"""Words for the manager's jobs: field names, what is wrong with a field or a file, states."""

import enum
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem, Problem
from kiosk.i18n import format_number
from kiosk.job_admin import importing
from kiosk.job_admin.editing import JobProblem
from kiosk.job_admin.importing import Failure, ImportProblem
from kiosk.models import ImportStatus, Job, Moderation, PayUnit, local_today
from kiosk.web.form_labels import message

FIELDS = {
    "title_zh": _l("Job title in Chinese"),
    "title_mn": _l("Job title in Mongolian"),
    "description_zh": _l("Description in Chinese"),
    "description_mn": _l("Description in Mongolian"),
    "requirements_zh": _l("Requirements in Chinese"),
    "requirements_mn": _l("Requirements in Mongolian"),
    "address_zh": _l("Address in Chinese"),
    "address_mn": _l("Address in Mongolian"),
    "category": _l("Category"),
    "region": _l("Banner or county"),
    "employer": _l("Employer"),
    "employer_code": _l("Unified social credit code"),
    "employer_name": _l("Employer's name"),
    "pay_min": _l("Lowest pay"),
    "pay_max": _l("Highest pay"),
    "pay_unit": _l("Paid by"),
    "employment_type": _l("Kind of employment"),
    "headcount": _l("People wanted"),
    "expires_on": _l("Open until"),
}

PAY_UNITS = {
    PayUnit.month: _l("Month"),
    PayUnit.day: _l("Day"),
    PayUnit.hour: _l("Hour"),
    PayUnit.piece: _l("Piece"),
}


#: A job's own problems, and the shared ones a job words its own way.
PROBLEMS = {
    Problem.unknown_choice: _l("Please choose one of the listed values."),
    Problem.not_a_number: _l("Please write a whole number of yuan."),
    JobProblem.pay_range: _l("The highest pay cannot be less than the lowest pay."),
    JobProblem.headcount: _l("Between 1 and 9999 people."),
    JobProblem.past_date: _l("This date has already passed."),
    JobProblem.credit_code: _l("This is not a valid unified social credit code (18 characters)."),
    JobProblem.employer_name: _l("This employer is new here: please give its name."),
    JobProblem.duplicate: _l("The same job (employer, title and county) is already open."),
    JobProblem.duplicate_row: _l("The same job as row %(row)s."),
}
AT_MOST = _l("At most %(limit)s characters.")


def problem_text(problem: FieldProblem) -> str:
    """What is wrong, in the manager's language."""
    match problem.problem:
        case Problem.too_long:
            return str(AT_MOST) % {"limit": format_number(problem.detail or 0)}
        case JobProblem.duplicate_row:
            return str(PROBLEMS[JobProblem.duplicate_row]) % {"row": problem.detail}
    return message(problem, PROBLEMS)


def _stored(code: str) -> Problem | JobProblem:
    """A problem code kept in an import's list, back as its enum."""
    return JobProblem.__members__.get(code) or Problem(code)


def problem_line(entry: dict) -> str:
    """One stored import problem: "Row 7, column 最低工资: …"."""
    return _(
        "Row %(row)s, column %(column)s: %(problem)s",
        row=entry["row"],
        column=entry["column"],
        problem=problem_text(FieldProblem(_stored(entry["problem"]), entry.get("detail"))),
    )


def failure_text(failure: str) -> str:
    """Why a whole file was refused."""
    code, _sep, detail = failure.partition(":")
    match code:
        case Failure.unreadable:
            return _(
                "This file could not be read. Please upload a CSV file or an Excel .xlsx file "
                "made from the template."
            )
        case Failure.too_big:
            return _("This file is too large to read. Please split it into smaller files.")
        case Failure.too_many_rows:
            return _(
                "This file has more than %(rows)s rows. Please split it into smaller files.",
                rows=format_number(importing.MAX_ROWS),
            )
        case Failure.no_columns:
            return _("This file has no header row of the template. Please start from the template.")
        case Failure.missing_columns:
            return _("These columns are missing: %(columns)s", columns=detail)
        case Failure.empty:
            return _("This file has no jobs in it.")
    return failure


def too_large() -> str:
    return _(
        "The file is larger than %(size)s MB. Please split it into smaller files.",
        size=format_number(importing.MAX_BYTES // (1024 * 1024)),
    )


IMPORT_STATUSES = {
    ImportStatus.checking: _l("Checking"),
    ImportStatus.checked: _l("Checked, waiting for you"),
    ImportStatus.importing: _l("Importing"),
    ImportStatus.imported: _l("Imported"),
    ImportStatus.cancelled: _l("Cancelled"),
    ImportStatus.failed: _l("Failed"),
}

IMPORT_REFUSED: dict[enum.Enum, Any] = {
    ImportProblem.consent: _l(
        "Nothing was imported: to import only the good rows, tick the box to skip the bad rows."
    ),
    ImportProblem.not_ready: _l("The file is still being checked."),
    ImportProblem.done: _l(
        "This file has already been imported or cancelled. Nothing more was imported."
    ),
}


MODERATIONS = {
    Moderation.none: _l("Not moderated"),
    Moderation.hidden: _l("Hidden by the county"),
    Moderation.closed: _l("Closed by the county"),
}


def moderation_note(job: Job) -> str:
    """What the hub decided about this job, with its reason; empty when nothing."""
    if job.moderation == Moderation.none:
        return ""
    decision = MODERATIONS[job.moderation]
    return _("%(decision)s: %(reason)s", decision=decision, reason=job.moderation_reason)


def job_state(job: Job) -> str:
    if job.moderation != Moderation.none:
        return str(MODERATIONS[job.moderation])
    if job.status == "closed":
        return _("Closed")
    if job.expires_on < local_today():
        return _("Expired")
    return _("Open")
