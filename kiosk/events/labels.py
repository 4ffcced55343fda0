"""Words for fairs, caravan days and live streams."""

import enum

from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem, Refused
from kiosk.events.service import CHECK_IN_EARLY, EventProblem
from kiosk.models import BEIJING, EventKind, ScanKind, SignupChannel
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
    EventProblem.over: _l("This event is over."),
    EventProblem.cancelled: _l("This event was cancelled."),
    EventProblem.cancelled_already: _l("This event is cancelled already."),
    EventProblem.in_the_past: _l("The new start is in the past."),
    EventProblem.unchanged: _l("This is the time it has already."),
    EventProblem.booked_twice: _l("This employer has a booth at this fair already."),
    EventProblem.no_jobs: _l("Choose at least one of the employer's open jobs."),
    EventProblem.other_event: _l("This code is for another event. Nothing was counted."),
    EventProblem.not_a_code: _l("This is not a sign-up code of this event. Nothing was counted."),
    EventProblem.not_this_booth: _l("That booth is not at this event."),
    EventProblem.not_a_booth_code: _l(
        "This is not a booth code of this fair. Nothing was counted."
    ),
}


def refusal_message(refused: Refused) -> str:
    """The first problem of a refusal, in the reader's language."""
    return problem_message(next(iter(refused.problems.values())))


def problem_message(problem: FieldProblem | enum.Enum) -> str:
    code = problem.problem if isinstance(problem, FieldProblem) else problem
    detail = problem.detail if isinstance(problem, FieldProblem) else None
    if detail is None:
        return message(problem, PROBLEMS)
    if code is EventProblem.barred:
        return str(
            _l(
                "This employer missed too many fairs it booked and books no booth until %(day)s.",
                day=detail.isoformat(),
            )
        )
    if code is EventProblem.booked_twice:
        return str(_l("This employer has booth %(number)s at this fair already.", number=detail))
    if code is EventProblem.code_failed:
        return str(
            _l(
                "%(name)s is not verified: its unified social credit code does not pass the check.",
                name=detail,
            )
        )
    if code is EventProblem.no_reviewed_post:
        return str(
            _l("%(name)s is not verified: it has no job or gig post that passed review.",
               name=detail)
        )  # fmt: skip
    if code is EventProblem.not_open_yet:
        opens = (detail - CHECK_IN_EARLY).astimezone(BEIJING)
        return str(_l("Check-in opens two hours before the fair, at %(time)s.",
                      time=f"{opens:%Y-%m-%d %H:%M}"))  # fmt: skip
    return message(problem, PROBLEMS)


def unverified_message(problem: EventProblem, name: str) -> str:
    return problem_message(FieldProblem(problem, name))
