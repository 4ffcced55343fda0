"""How long a walk-in waits: who is ahead, and minutes by today's pace at the desk.

The desk calls checked-in appointments first, then walk-ins in the order they came, whatever
the service (kiosk/desk/queue.py: call_next): so everyone waiting before a ticket is ahead of
it. Each person ahead counts the average time their service took today (the last few visits,
called to finished); a service nobody has finished today counts a default, and the estimate
then says "about". The minutes are shared by the counters that called someone in the last hour.
"""

import enum
import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    ServiceItem,
    Station,
    Ticket,
    TicketStatus,
)

#: Minutes a visit for each standard service takes when today has no history yet: a first
#: guess from the service list (kiosk/data/services.csv), shown as "about".
DEFAULT_MINUTES = {
    "policy_consultation": 10,
    "job_seeker_registration": 15,
    "unemployment_registration": 20,
    "career_guidance": 20,
    "job_recommendation": 15,
    "skills_training": 15,
    "internship": 15,
    "entrepreneurship": 30,
    "employment_assistance": 20,
    "home_or_proxy_service": 20,
}
#: A station's own service, not in the standard list.
OTHER_MINUTES = 15
#: Today's last visits of a service that make its pace.
RECENT = 10
#: A visit longer than this is a "served" pressed late, not a visit: it does not count.
LONGEST = timedelta(minutes=90)
#: A counter that called someone this recently is staffed.
STAFFED = timedelta(hours=1)

_DONE: dict[type[Ticket] | type[Appointment], tuple[enum.Enum, ...]] = {
    Ticket: (TicketStatus.served, TicketStatus.referred),
    Appointment: (AppointmentStatus.served, AppointmentStatus.referred),
}


class Opening(enum.StrEnum):
    open = "open"
    before = "before"  # an open day, before the counters open
    closed = "closed"  # after closing time, or a day the station is closed


@dataclass(frozen=True)
class Hours:
    """Where `now` falls in the station's opening hours."""

    state: Opening
    #: When the counters open next (today before opening; the next open day when closed).
    opens: datetime | None = None
    closes: datetime | None = None


def opening(station: Station | None, now: datetime) -> Hours:
    """Whether the station is open at `now`; a box the register does not name yet is open."""
    if station is None or not station.open_days:
        return Hours(Opening.open)
    local = now.astimezone(BEIJING)
    today = local.date()

    def at(day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, BEIJING)

    if str(today.isoweekday()) in station.open_days:
        if local < at(today, station.opens_at):
            return Hours(Opening.before, at(today, station.opens_at), at(today, station.closes_at))
        if local < at(today, station.closes_at):
            return Hours(Opening.open, None, at(today, station.closes_at))
    for days in range(1, 8):
        day = today + timedelta(days=days)
        if str(day.isoweekday()) in station.open_days:
            return Hours(Opening.closed, at(day, station.opens_at))
    return Hours(Opening.closed)  # pragma: no cover - open_days is never empty here


@dataclass(frozen=True)
class Wait:
    #: People the desk will call before this ticket.
    ahead: int
    #: Estimated minutes until called (from opening time, before it); None after hours.
    minutes: int | None
    #: Some of it is a default, not today's pace: say "about".
    guessed: bool
    hours: Hours


def handling_minutes(
    session: Session, service_id: uuid.UUID, code: str, day: date
) -> tuple[float, bool]:
    """The average minutes of the service's last visits today, and whether that is a
    default (no visit of it finished today)."""
    start = datetime.combine(day, time.min, BEIJING)
    end = start + timedelta(days=1)
    visits: list[tuple[datetime, datetime]] = []
    for model, done in _DONE.items():
        rows = session.execute(
            select(model.called_at, model.finished_at)
            .where(
                model.service_id == service_id,
                model.status.in_(done),
                model.called_at.is_not(None),
                model.finished_at >= start,
                model.finished_at < end,
            )
            .order_by(model.finished_at.desc())
            .limit(RECENT)
        )
        visits += [(called, finished) for called, finished in rows if called and finished]
    visits.sort(key=lambda visit: visit[1], reverse=True)
    lengths = [
        finished - called
        for called, finished in visits[:RECENT]
        if timedelta(0) < finished - called <= LONGEST
    ]
    if not lengths:
        return float(DEFAULT_MINUTES.get(code, OTHER_MINUTES)), True
    return sum(lengths, timedelta(0)).total_seconds() / 60 / len(lengths), False


def staffed_counters(session: Session, now: datetime) -> int:
    """Counters that called someone in the last hour (at least one: the desk is there)."""
    since = now - STAFFED
    counters: set[str] = set()
    for model in (Ticket, Appointment):
        counters |= set(
            session.scalars(
                select(model.counter).where(model.called_at >= since, model.counter != "")
            )
        )
    return max(1, len(counters))


def ahead_of(session: Session, ticket: Ticket) -> list[tuple[uuid.UUID, str]]:
    """The service (id, code) of each person the desk calls before this ticket."""
    start = datetime.combine(ticket.day, time.min, BEIJING)
    tickets = session.execute(
        select(ServiceItem.id, ServiceItem.code)
        .join(Ticket, Ticket.service_id == ServiceItem.id)
        .where(
            Ticket.day == ticket.day,
            Ticket.status == TicketStatus.waiting,
            Ticket.created_at < ticket.created_at,
        )
    ).all()
    # Checked-in appointments go first (the desk calls them before any walk-in).
    appointments = session.execute(
        select(ServiceItem.id, ServiceItem.code)
        .join(Appointment, Appointment.service_id == ServiceItem.id)
        .where(
            Appointment.status == AppointmentStatus.checked_in,
            Appointment.checked_in_at >= start,
        )
    ).all()
    return [(row[0], row[1]) for row in (*appointments, *tickets)]


def estimate(session: Session, ticket: Ticket, station: Station | None, now: datetime) -> Wait:
    """People ahead of `ticket` and the minutes until it is called, as of `now`."""
    hours = opening(station, now)
    ahead = ahead_of(session, ticket)
    if hours.state == Opening.closed:
        return Wait(len(ahead), None, False, hours)
    pace: dict[uuid.UUID, tuple[float, bool]] = {}
    for service_id, code in ahead:
        if service_id not in pace:
            pace[service_id] = handling_minutes(session, service_id, code, ticket.day)
    total = sum(pace[service_id][0] for service_id, _code in ahead)
    minutes = total / staffed_counters(session, now)
    guessed = any(pace[service_id][1] for service_id, _code in ahead)
    return Wait(len(ahead), _rounded(minutes) if ahead else 0, guessed, hours)


def _rounded(minutes: float) -> int:
    """Up to the next five minutes: a person plans in fives, and early is better than late."""
    return max(5, 5 * math.ceil(minutes / 5))
