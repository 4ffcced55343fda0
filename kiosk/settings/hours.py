"""The station's opening days and hours.

Slots are cut lazily (kiosk/appointments/schedule.py): new hours shape the days whose slots
nobody has asked for yet, and slots already made, with their bookings, stay as they are.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from kiosk.models import Station

WEEKDAYS = "1234567"


class Problem(enum.StrEnum):
    no_days = "no_days"
    time = "time"
    order = "order"


class HoursRefused(ValueError):
    def __init__(self, problems: dict[str, Problem]) -> None:
        super().__init__(", ".join(f"{name}: {problem}" for name, problem in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Hours:
    #: ISO weekday digits, in order ("12345").
    days: str
    opens: time
    closes: time

    @classmethod
    def of(cls, station: Station) -> "Hours":
        return cls(station.open_days, station.opens_at, station.closes_at)


def _clock(raw: str) -> time | None:
    """ "08:30" (what <input type="time"> sends; seconds, if any, are dropped)."""
    try:
        value = time.fromisoformat(raw.strip())
    except ValueError:
        return None
    return value.replace(second=0, microsecond=0, tzinfo=None)


def check_hours(days: Sequence[str], opens: str, closes: str) -> Hours:
    problems: dict[str, Problem] = {}
    chosen = "".join(day for day in WEEKDAYS if day in days)
    if not chosen:
        problems["days"] = Problem.no_days
    opens_at, closes_at = _clock(opens), _clock(closes)
    if opens_at is None:
        problems["opens"] = Problem.time
    if closes_at is None:
        problems["closes"] = Problem.time
    elif opens_at is not None and closes_at <= opens_at:
        problems["closes"] = Problem.order
    if problems:
        raise HoursRefused(problems)
    return Hours(chosen, opens_at, closes_at)


def set_hours(station: Station, hours: Hours) -> bool:
    """Give the station its new hours (the caller commits); False if nothing changed."""
    if Hours.of(station) == hours:
        return False
    station.open_days, station.opens_at, station.closes_at = hours.days, hours.opens, hours.closes
    return True
