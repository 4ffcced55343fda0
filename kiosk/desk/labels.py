"""Words for the desk: queue states, outcomes, what just happened, and the lobby's calls."""

import enum
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.desk.queue import Action, CheckInProblem, Kind, Outcome
from kiosk.models import AppointmentStatus, TicketStatus

CHECK_IN_PROBLEMS = {
    CheckInProblem.unreadable: _l(
        "That scan is not a slip of this station. Scan the QR code or type the 10-character code."
    ),
    CheckInProblem.unknown: _l("No appointment or ticket has this code."),
    CheckInProblem.not_today: _l("This slip is for another day."),
    CheckInProblem.not_booked: _l("This appointment was cancelled."),
}

NOBODY_WAITING = _l("Nobody is waiting.")
STATE_CHANGED = _l("Someone else has just changed this person's state. The list is up to date now.")

KINDS = {Kind.appointment: _l("Appointment"), Kind.ticket: _l("Walk-in")}

APPOINTMENT_STATUSES: dict[enum.Enum, Any] = {
    AppointmentStatus.booked: _l("Not arrived"),
    AppointmentStatus.checked_in: _l("Waiting"),
    AppointmentStatus.called: _l("Called"),
    AppointmentStatus.served: _l("Served"),
    AppointmentStatus.no_show: _l("No-show"),
    AppointmentStatus.referred: _l("Referred"),
    AppointmentStatus.cancelled: _l("Cancelled"),
}
TICKET_STATUSES: dict[enum.Enum, Any] = {
    TicketStatus.waiting: _l("Waiting"),
    TicketStatus.called: _l("Called"),
    TicketStatus.served: _l("Served"),
    TicketStatus.no_show: _l("No-show"),
    TicketStatus.referred: _l("Referred"),
}
#: Either kind's state by its value, as the queue list shows it.
STATUSES = {**APPOINTMENT_STATUSES, **TICKET_STATUSES}

ACTIONS = {
    Action.call: _l("Call"),
    Action.served: _l("Served"),
    Action.no_show: _l("No-show"),
    Action.referred: _l("Referred"),
    Action.reprint: _l("Reprint"),
    Action.record_visit: _l("Record a visit"),
}

OUTCOMES = {
    Outcome.served: _l("Served"),
    Outcome.no_show: _l("No-show"),
    Outcome.referred: _l("Referred"),
}


def checked_in(label: str) -> str:
    return _("%(number)s is checked in.", number=label)


def called(label: str, counter: str) -> str:
    return _("%(number)s called to counter %(counter)s.", number=label, counter=counter)


def finished(label: str, outcome: Outcome) -> str:
    return _("%(number)s: %(outcome)s.", number=label, outcome=OUTCOMES[outcome])


def reprinted(label: str) -> str:
    return _("The slip of %(number)s is printed again.", number=label)


def print_failed(reason: str) -> str:
    return _("The printer did not take the slip: %(reason)s", reason=reason)


def go_to_counter(counter: str) -> str:
    return _("Please go to counter %(counter)s", counter=counter)


def please_wait() -> str:
    return _("Please wait to be called.")


def earlier_calls() -> str:
    return _("Called before")
