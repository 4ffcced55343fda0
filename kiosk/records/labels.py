"""Words for visits: outcomes, what is wrong with a record, what the desk is told."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.domain.forms import FieldProblem, Problem
from kiosk.models import VisitOutcome
from kiosk.records.service import MAX_NOTE, MAX_RECOMMENDED, RecordProblem
from kiosk.web.form_labels import message

OUTCOMES = {
    VisitOutcome.registered: _l("Registered as a job seeker"),
    VisitOutcome.jobs_recommended: _l("Jobs recommended"),
    VisitOutcome.training_referral: _l("Referred to training"),
    VisitOutcome.hired: _l("Hired"),
    VisitOutcome.follow_up: _l("Needs a follow-up"),
}


#: A visit's own problems (the shared ones: kiosk/web/form_labels.py).
PROBLEMS = {
    RecordProblem.no_service: _l("Tick at least one service."),
    RecordProblem.unknown_job: _l("One of these jobs has closed meanwhile. Please choose again."),
    RecordProblem.follow_up_date: _l("Choose a follow-up day from today to a year ahead."),
    RecordProblem.too_many_jobs: _l("Recommend at most %(count)s jobs at a time."),
    RecordProblem.unknown_hire: _l("Choose one of the jobs recommended to this person before."),
}
NOTE_TOO_LONG = _l("The note takes at most %(count)s characters.")


def record_problem(problem: FieldProblem) -> str:
    match problem.problem:
        case RecordProblem.too_many_jobs:
            return str(PROBLEMS[RecordProblem.too_many_jobs]) % {"count": MAX_RECOMMENDED}
        case Problem.too_long:
            return str(NOTE_TOO_LONG) % {"count": MAX_NOTE}
    return message(problem, PROBLEMS)


def recorded(printed: bool | None) -> str:
    """After saving: whether the recommendation slip printed (None: no slip)."""
    if printed is None:
        return _("The visit is recorded.")
    if printed:
        return _("The visit is recorded and the job slip is printing.")
    return _("The visit is recorded, but the job slip did not print. Reprint it from the list.")


def follow_up_finished() -> str:
    return _("The follow-up is marked done.")


def follow_up_already_done() -> str:
    return _("This follow-up was already marked done.")
