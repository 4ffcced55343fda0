"""This station's service list and the time slots its opening hours make."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import BEIJING, ServiceItem, Slot, Station, new_id
from kiosk.models.base import upsert_insert


@dataclass(frozen=True)
class Timetable:
    """How a station cuts its opening hours into slots (from the app's settings)."""

    slot_minutes: int
    days_ahead: int


def open_days(station: Station, now: datetime, timetable: Timetable) -> list[date]:
    """The next days the station is open for booking: today first while a slot is still to
    start (after the last one has begun, offering today would be a day with nothing to tap)."""
    today = now.astimezone(BEIJING).date()
    count = timetable.days_ahead
    later_today = [s for s, _ in slot_times(station, today, timetable.slot_minutes) if s > now]
    days: list[date] = []
    day = today if later_today else today + timedelta(days=1)
    while len(days) < count and day < today + timedelta(days=7 * count):
        if str(day.isoweekday()) in station.open_days:
            days.append(day)
        day += timedelta(days=1)
    return days


def slot_times(station: Station, day: date, minutes: int) -> list[tuple[datetime, datetime]]:
    """Start and end of each slot on `day`, in Beijing time, from opening to closing."""
    start = datetime.combine(day, station.opens_at, BEIJING)
    closes = datetime.combine(day, station.closes_at, BEIJING)
    step = timedelta(minutes=minutes)
    times = []
    while start + step <= closes:
        times.append((start, start + step))
        start += step
    return times


#: How a slot's start is written in its address: Beijing time, to the minute.
START_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class OpenSlot:
    """One time of the timetable, as the picker shows it: a slot row's seats once somebody
    booked it, or the service's capacity before (the row is made by the first booking)."""

    service: ServiceItem
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int

    @property
    def start(self) -> str:
        """The slot's address beside its service's code."""
        return self.starts_at.astimezone(BEIJING).strftime(START_FORMAT)


def slots_on(
    session: Session, station: Station, service: ServiceItem, day: date, timetable: Timetable
) -> list[OpenSlot]:
    """The service's slots on `day` from the opening hours; reads only.

    Slots are this box's own timetable, so a station that changes its hours or capacity
    offers new times on every day nobody has booked yet.
    """
    times = slot_times(station, day, timetable.slot_minutes)
    if not times:
        return []
    rows = {
        slot.starts_at.astimezone(BEIJING): slot
        for slot in session.scalars(
            select(Slot).where(
                Slot.service_id == service.id,
                Slot.starts_at >= times[0][0],
                Slot.starts_at <= times[-1][0],
            )
        )
    }
    slots = []
    for starts, ends in times:
        row = rows.get(starts)
        capacity, booked = (row.capacity, row.booked) if row else (service.slot_capacity, 0)
        slots.append(OpenSlot(service, starts, ends, capacity, booked))
    return slots


def slot_at(
    session: Session,
    station: Station,
    service: ServiceItem,
    start: str,
    timetable: Timetable,
    now: datetime,
) -> OpenSlot | None:
    """The slot an address names, if the timetable has it on a day open for booking."""
    try:
        starts = datetime.strptime(start, START_FORMAT).replace(tzinfo=BEIJING)
    except ValueError:
        return None
    if starts.date() not in open_days(station, now, timetable):
        return None
    slots = slots_on(session, station, service, starts.date(), timetable)
    return next((slot for slot in slots if slot.starts_at == starts), None)


def make_slot(session: Session, slot: OpenSlot) -> uuid.UUID:
    """The slot's row, made now if nobody booked it before (two at once: one row, on
    conflict). Called by the booking's transaction, whose first statement it is."""
    session.execute(
        upsert_insert(session)(Slot)
        .values(
            id=new_id(),
            service_id=slot.service.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            capacity=slot.capacity,
            booked=0,
        )
        .on_conflict_do_nothing(index_elements=["service_id", "starts_at"])
    )
    return session.scalars(
        select(Slot.id).where(Slot.service_id == slot.service.id, Slot.starts_at == slot.starts_at)
    ).one()
