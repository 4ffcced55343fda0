"""Words for fairs, caravan days and live streams."""

import enum

from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem, Refused
from kiosk.events.service import EventProblem
from kiosk.models import EventKind, ScanKind, SignupChannel
from kiosk.web.form_labels import message

KINDS = {
    EventKind.fair: _l("Job fair"),
    EventKind.caravan: _l("Caravan day"),
    EventKind.stream: _l("Live-stream recruiting"),
}
SCAN_KINDS = {
    ScanKind.gate: _l("Gate: seekers coming in"),
    ScanKind.booth: _l("Booth: seekers at an employer's booth"),
    ScanKind.employer: _l("Employer check-in at its booth"),
}
SIGNUP_CHANNELS = {
    SignupChannel.qr: _l("On their own phone, from the QR code"),
    SignupChannel.kiosk: _l("At the kiosk"),
    SignupChannel.gate: _l("At the fair's gate"),
}
PROBLEMS = {
    EventProblem.ends_before_start: _l("The event must end after it starts."),
    EventProblem.not_a_moment: _l("Write the date and time as 2026-12-20 09:00."),
    EventProblem.job_not_reviewed: _l("Only open jobs the county has not hidden or closed."),
    EventProblem.too_many: _l("Too many: at most 12."),
    EventProblem.not_a_fair: _l("Booths are booked at job fairs only."),
    EventProblem.over: _l("This event is over or cancelled."),
    EventProblem.booked_twice: _l("This employer has a booth at this fair already."),
    EventProblem.no_jobs: _l("Choose at least one of the employer's open jobs."),
    EventProblem.other_event: _l("This code is for another event. Nothing was counted."),
    EventProblem.not_a_code: _l("This is not a sign-up code of this event. Nothing was counted."),
    EventProblem.not_this_booth: _l("That booth is not at this event."),
}


def refusal_message(refused: Refused) -> str:
    """The first problem of a refusal, in the reader's language."""
    return problem_message(next(iter(refused.problems.values())))


def problem_message(problem: FieldProblem | enum.Enum) -> str:
    code = problem.problem if isinstance(problem, FieldProblem) else problem
    if code is EventProblem.barred and isinstance(problem, FieldProblem):
        return str(
            _l(
                "This employer missed too many fairs it booked and books no booth until %(day)s.",
                day=problem.detail.isoformat(),
            )
        )
    return message(problem, PROBLEMS)
