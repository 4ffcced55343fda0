"""This station's service list and the time slots its opening hours make."""

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


def open_days(station: Station, today: date, count: int) -> list[date]:
    """The next `count` days the station is open, today first if it is one."""
    days: list[date] = []
    day = today
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


def slots_on(
    session: Session, station: Station, service: ServiceItem, day: date, timetable: Timetable
) -> list[Slot]:
    """The service's slots on `day`, made from the opening hours the first time they are asked for.

    Slots are this box's own timetable; making them lazily means a station that changes its
    hours or capacity gets new slots for days nobody has looked at yet. Two kiosks making
    the same day at once are fine: the second one's rows are ignored on conflict.
    """
    times = slot_times(station, day, timetable.slot_minutes)
    if not times:
        return []
    in_day = select(Slot).where(
        Slot.service_id == service.id,
        Slot.starts_at >= times[0][0],
        Slot.starts_at <= times[-1][0],
    )
    slots = list(session.scalars(in_day.order_by(Slot.starts_at)))
    if len(slots) < len(times):
        session.execute(
            upsert_insert(session)(Slot)
            .values(
                [
                    {
                        "id": new_id(),
                        "service_id": service.id,
                        "starts_at": starts,
                        "ends_at": ends,
                        "capacity": service.slot_capacity,
                        "booked": 0,
                    }
                    for starts, ends in times
                ]
            )
            .on_conflict_do_nothing(index_elements=["service_id", "starts_at"])
        )
        slots = list(session.scalars(in_day.order_by(Slot.starts_at)))
    return slots
