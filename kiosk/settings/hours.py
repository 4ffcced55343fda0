"""The station's opening days and hours.

Slots are cut lazily (kiosk/appointments/schedule.py): new hours shape the days whose slots
nobody has asked for yet, and slots already made, with their bookings, stay as they are.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from kiosk.domain.forms import Checker
from kiosk.models import Station

WEEKDAYS = "1234567"


class HoursProblem(enum.StrEnum):
    no_days = "no_days"
    order = "order"


@dataclass(frozen=True)
class Hours:
    #: ISO weekday digits, in order ("12345").
    days: str
    opens: time
    closes: time

    @classmethod
    def of(cls, station: Station) -> "Hours":
        return cls(station.open_days, station.opens_at, station.closes_at)


def check_hours(days: Sequence[str], opens: str, closes: str) -> Hours:
    """The hours chosen, or Refused naming each field that is wrong."""
    check = Checker()
    chosen = "".join(day for day in WEEKDAYS if day in days)
    if not chosen:
        check.refuse("days", HoursProblem.no_days)
    opens_at, closes_at = check.clock("opens", opens), check.clock("closes", closes)
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        check.refuse("closes", HoursProblem.order)
    check.raise_if_refused()
    assert opens_at is not None and closes_at is not None  # refused above otherwise
    return Hours(chosen, opens_at, closes_at)


def set_hours(station: Station, hours: Hours) -> bool:
    """Give the station its new hours (the caller commits); False if nothing changed."""
    if Hours.of(station) == hours:
        return False
    station.open_days, station.opens_at, station.closes_at = hours.days, hours.opens, hours.closes
    return True
