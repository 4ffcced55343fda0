"""Today's queue at the desk: check-in by scanned slip, call the next person, record the end.

Every change of state is one conditional UPDATE (`WHERE status IN (…)`): two counters pressing
"next" at once never call the same person, and a double scan checks in once.
"""

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.forms import Refused
from kiosk.models import (
    BEIJING,
    Appointment,
    AppointmentStatus,
    ServiceItem,
    SlipKind,
    Slot,
    Ticket,
    TicketStatus,
    utcnow,
)
from kiosk.slips.service import find_slip
from kiosk.sync.capture import update_synced

#: What a scanner may type: the slip's QR address or its printed code. Longer is not ours.
MAX_SCAN = 300
SLIP_ADDRESS = re.compile(r"/s/([A-Za-z0-9_-]{16,64})(?:[/?#]|$)")
SLIP_CODE = re.compile(r"[0-9A-Za-z]{10}")


class Kind(enum.StrEnum):
    appointment = "appointment"
    ticket = "ticket"


MODELS: dict[Kind, type[Appointment] | type[Ticket]] = {
    Kind.appointment: Appointment,
    Kind.ticket: Ticket,
}


class Outcome(enum.StrEnum):
    served = "served"
    no_show = "no_show"
    referred = "referred"


#: Who may be called, or finished, from which state.
WAITING = {Kind.appointment: [AppointmentStatus.checked_in], Kind.ticket: [TicketStatus.waiting]}
CALLED = {Kind.appointment: [AppointmentStatus.called], Kind.ticket: [TicketStatus.called]}


@dataclass(frozen=True)
class QueueEntry:
    kind: Kind
    record: Appointment | Ticket
    service: ServiceItem
    #: The appointment's time, or when the walk-in took the ticket.
    at: datetime

    @classmethod
    def of(cls, kind: Kind, record: Appointment | Ticket) -> "QueueEntry":
        at = record.slot.starts_at if kind == Kind.appointment else record.created_at
        return cls(kind, record, record.service, at)

    @property
    def id(self) -> uuid.UUID:
        return self.record.id

    @property
    def status(self) -> str:
        return self.record.status.value

    @property
    def waiting(self) -> bool:
        return self.record.status in WAITING[self.kind]

    @property
    def called(self) -> bool:
        return self.record.status in CALLED[self.kind]


class CheckInProblem(enum.StrEnum):
    unreadable = "unreadable"
    unknown = "unknown"
    not_today = "not_today"
    not_booked = "not_booked"


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, BEIJING)
    return start, datetime.combine(day, time.max, BEIJING)


def todays_queue(session: Session, day: date) -> list[QueueEntry]:
    """Everyone expected or waiting today: appointments by time, then walk-ins by number."""
    start, end = _day_bounds(day)
    appointments = session.scalars(
        select(Appointment)
        .join(Slot, Appointment.slot_id == Slot.id)
        .where(
            Slot.starts_at.between(start, end),
            Appointment.status != AppointmentStatus.cancelled,
        )
        .order_by(Slot.starts_at, Appointment.queue_label)
    )
    tickets = session.scalars(select(Ticket).where(Ticket.day == day).order_by(Ticket.created_at))
    return [
        *(QueueEntry.of(Kind.appointment, a) for a in appointments),
        *(QueueEntry.of(Kind.ticket, t) for t in tickets),
    ]


def find_scanned(session: Session, scanned: str) -> tuple[Kind, Appointment | Ticket]:
    """The appointment or ticket a scanned QR address or a typed slip code names."""
    text = scanned.strip()
    if not text or len(text) > MAX_SCAN:
        raise Refused.one("scan", CheckInProblem.unreadable)
    if address := SLIP_ADDRESS.search(text):
        slip = find_slip(session, address[1])
        if slip is None or slip.kind not in (SlipKind.appointment, SlipKind.ticket):
            raise Refused.one("scan", CheckInProblem.unknown)
        kind = Kind(slip.kind.value)
        record = session.get(MODELS[kind], slip.subject_id)
    elif SLIP_CODE.fullmatch(text):
        code = text.upper()
        kind, record = (
            Kind.appointment,
            session.scalars(select(Appointment).where(Appointment.code == code)).first(),
        )
        if record is None:
            kind, record = (
                Kind.ticket,
                session.scalars(select(Ticket).where(Ticket.code == code)).first(),
            )
    else:
        raise Refused.one("scan", CheckInProblem.unreadable)
    if record is None:
        raise Refused.one("scan", CheckInProblem.unknown)
    return kind, record


def check_in(session: Session, scanned: str, day: date) -> tuple[Kind, Appointment | Ticket]:
    """Mark an appointment as arrived; a walk-in's ticket is in the queue already."""
    kind, record = find_scanned(session, scanned)
    if kind == Kind.ticket:
        if record.day != day:
            raise Refused.one("scan", CheckInProblem.not_today)
        return kind, record
    if record.slot.starts_at.astimezone(BEIJING).date() != day:
        raise Refused.one("scan", CheckInProblem.not_today)
    if record.status == AppointmentStatus.booked:
        _move(session, kind, record.id, [AppointmentStatus.booked], AppointmentStatus.checked_in,
              checked_in_at=utcnow())  # fmt: skip
    elif record.status == AppointmentStatus.cancelled:
        raise Refused.one("scan", CheckInProblem.not_booked)
    session.refresh(record)
    return kind, record


def call_next(session: Session, counter: str, day: date) -> QueueEntry | None:
    """Call the next person to `counter`: checked-in appointments first, then walk-ins."""
    waiting = [entry for entry in todays_queue(session, day) if entry.waiting]
    for kind in (Kind.appointment, Kind.ticket):
        for entry in waiting:
            # Another desk may take this one first: then the conditional UPDATE misses.
            if entry.kind == kind and call(session, entry, counter):
                return entry
    return None


def call(session: Session, entry: QueueEntry, counter: str) -> bool:
    """Call this person (again, if already called) to `counter`; False if someone else did."""
    allowed = [*WAITING[entry.kind], *CALLED[entry.kind]]
    status = AppointmentStatus.called if entry.kind == Kind.appointment else TicketStatus.called
    return _move(
        session, entry.kind, entry.id, allowed, status, counter=counter, called_at=utcnow()
    )


def finish(session: Session, entry: QueueEntry, outcome: Outcome) -> bool:
    """Served, did not come, or sent elsewhere; a person not yet called can be a no-show too."""
    allowed = [*CALLED[entry.kind]]
    if outcome == Outcome.no_show:
        allowed += WAITING[entry.kind]
        if entry.kind == Kind.appointment:
            allowed.append(AppointmentStatus.booked)
    model_status = AppointmentStatus if entry.kind == Kind.appointment else TicketStatus
    return _move(
        session, entry.kind, entry.id, allowed, model_status(outcome.value), finished_at=utcnow()
    )


def _move(
    session: Session, kind: Kind, record_id: uuid.UUID, allowed: list, status: enum.Enum, **values
) -> bool:
    model = MODELS[kind]
    changed = update_synced(
        session, model, model.id == record_id, model.status.in_(allowed), status=status, **values
    )
    session.expire_all()
    return len(changed) == 1


def entry_for(session: Session, kind: Kind, record_id: uuid.UUID) -> QueueEntry | None:
    record = session.get(MODELS[kind], record_id)
    return QueueEntry.of(kind, record) if record is not None else None


@dataclass(frozen=True)
class NowServing:
    counter: str
    label: str
    service: ServiceItem


def now_serving(session: Session, day: date) -> list[NowServing]:
    """The number most recently called to each counter today (for the lobby screen)."""
    latest: dict[str, QueueEntry] = {}
    for entry in todays_queue(session, day):
        counter, called_at = entry.record.counter, entry.record.called_at
        if not counter or called_at is None:
            continue
        if counter not in latest or latest[counter].record.called_at < called_at:
            latest[counter] = entry
    return [
        NowServing(counter, latest[counter].record.queue_label, latest[counter].service)
        for counter in sorted(latest, key=lambda c: (len(c), c))
    ]
