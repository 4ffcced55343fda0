"""The county's fair figures: each fair, caravan day or live stream held in a period, with
what bureaus report for it (employers, jobs, visits, intentions, hires confirmed later), and
their total. Shown beside the county's indicators (kiosk/county/views.py)."""

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.events.service import Outcome, outcome
from kiosk.models import Event
from kiosk.statistics.periods import Period


@dataclass(frozen=True)
class EventFigures:
    events: list[tuple[Event, Outcome]]
    total: Outcome


def event_figures(session: Session, period: Period, today: date) -> EventFigures:
    start, end = period.utc_bounds()
    held = session.scalars(
        select(Event)
        .where(Event.starts_at >= start, Event.starts_at < end, Event.cancelled.is_(False))
        .order_by(Event.starts_at)
    ).all()
    events = [(event, outcome(session, event, today)) for event in held]
    total = Outcome(
        **{f.name: sum(getattr(o, f.name) for _e, o in events) for f in fields(Outcome)}
    )
    return EventFigures(events, total)
