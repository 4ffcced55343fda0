"""Words for booking: why a booking was refused, and how a day is named on its chip."""

import enum
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.appointments.booking import BookingProblem
from kiosk.i18n import format_month_day
from kiosk.jobs.labels import WEEKDAYS
from kiosk.models import local_today

BOOKING_PROBLEMS: dict[enum.Enum, Any] = {
    BookingProblem.mobile: _l("A mobile number has 11 digits and starts with 13 to 19."),
    BookingProblem.digits: _l("Please type the number with 0–9."),
    BookingProblem.unknown_slot: _l("This time can no longer be chosen. Please pick another."),
    BookingProblem.past: _l("This time has already passed. Please pick a later one."),
    BookingProblem.full: _l("Sorry, this time has just been fully booked. Please pick another."),
    BookingProblem.already_booked: _l("This number already has this time booked."),
}

CODE_UNKNOWN = _l("No booking has this code. Please check it against your slip.")


def day_label(day: date) -> str:
    """ "Today", or "11月24日 Tuesday" in the reader's language."""
    if day == local_today():
        return _("Today")
    return f"{format_month_day(day)} {WEEKDAYS[str(day.isoweekday())]}"
