"""Today's queue at the desk: check-in by scanned slip, call the next person, record the end.

Every change of state is one conditional UPDATE (`WHERE status IN (…)`): two counters pressing
"next" at once never call the same person, and a double scan checks in once.
"""

import enum
import re
import uuid
from collections.abc import Collection
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


class Action(enum.StrEnum):
    """What the desk can do with a queue entry."""

    call = "call"
    served = Outcome.served.value
    no_show = Outcome.no_show.value
    referred = Outcome.referred.value
    reprint = "reprint"
    record_visit = "record_visit"

    @property
    def posts(self) -> bool:
        """A button that changes something (a form), or a link to another page."""
        return self != Action.record_visit


_A, _T = AppointmentStatus, TicketStatus

#: The queue's state machine: for each kind, the states each action moves a person from, and
#: to. `call` and `finish` guard their UPDATE with it; `QueueEntry.actions` offers from it.
TRANSITIONS: dict[Kind, dict[Action, tuple[tuple[enum.Enum, ...], enum.Enum]]] = {
    Kind.appointment: {
        Action.call: ((_A.checked_in, _A.called), _A.called),
        Action.served: ((_A.called,), _A.served),
        Action.no_show: ((_A.booked, _A.checked_in, _A.called), _A.no_show),
        Action.referred: ((_A.called,), _A.referred),
    },
    Kind.ticket: {
        Action.call: ((_T.waiting, _T.called), _T.called),
        Action.served: ((_T.called,), _T.served),
        Action.no_show: ((_T.waiting, _T.called), _T.no_show),
        Action.referred: ((_T.called,), _T.referred),
    },
}

#: Who waits to be called (the "next" button takes from these).
WAITING = {Kind.appointment: (_A.checked_in,), Kind.ticket: (_T.waiting,)}

#: A visit can be written down once the person has been called.
VISIT_STATES = {"called", "served", "referred"}


@dataclass(frozen=True)
class QueueEntry:
    kind: Kind
    record: Appointment | Ticket
    service: ServiceItem
    #: The appointment's time, or when the walk-in took the ticket.
    at: datetime

    @classmethod
    def of(cls, kind: Kind, record: Appointment | Ticket) -> "QueueEntry":
        at = record.slot.starts_at if isinstance(record, Appointment) else record.created_at
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
    def actions(self) -> list[Action]:
        """What the desk may do with this person now, in the order the buttons show."""
        moves = [
            action
            for action, (sources, _to) in TRANSITIONS[self.kind].items()
            if self.record.status in sources
        ]
        visit = [Action.record_visit] if self.status in VISIT_STATES else []
        return [*moves, Action.reprint, *visit]


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
        record = _record(session, kind, slip.subject_id)
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
    if isinstance(record, Ticket):
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
    return _transition(session, entry, Action.call, counter=counter, called_at=utcnow())


def finish(session: Session, entry: QueueEntry, outcome: Outcome) -> bool:
    """Served, did not come, or sent elsewhere; a person not yet called can be a no-show too."""
    return _transition(session, entry, Action(outcome.value), finished_at=utcnow())


def _transition(session: Session, entry: QueueEntry, action: Action, **values) -> bool:
    sources, status = TRANSITIONS[entry.kind][action]
    return _move(session, entry.kind, entry.id, sources, status, **values)


def _move(
    session: Session,
    kind: Kind,
    record_id: uuid.UUID,
    allowed: Collection,
    status: enum.Enum,
    **values,
) -> bool:
    model = MODELS[kind]
    changed = update_synced(
        session, model, model.id == record_id, model.status.in_(allowed), status=status, **values
    )
    session.expire_all()
    return len(changed) == 1


def entry_for(session: Session, kind: Kind, record_id: uuid.UUID) -> QueueEntry | None:
    record = _record(session, kind, record_id)
    return QueueEntry.of(kind, record) if record is not None else None


def _record(session: Session, kind: Kind, record_id: uuid.UUID) -> Appointment | Ticket | None:
    if kind == Kind.appointment:
        return session.get(Appointment, record_id)
    return session.get(Ticket, record_id)


@dataclass(frozen=True)
class NowServing:
    counter: str
    label: str
    service: ServiceItem
    called_at: datetime


@dataclass(frozen=True)
class Calls:
    """The lobby's board: the number last called to each counter, and the calls before."""

    current: list[NowServing]
    earlier: list[NowServing]

    @property
    def newest(self) -> NowServing | None:
        return max(self.current, key=lambda call: call.called_at, default=None)


def todays_calls(session: Session, day: date, earlier: int = 6) -> Calls:
    """Each counter's latest call today (in counter order), then up to `earlier` calls before
    those, newest first (for the lobby screen)."""
    calls = sorted(
        (
            NowServing(e.record.counter, e.record.queue_label, e.service, e.record.called_at)
            for e in todays_queue(session, day)
            if e.record.counter and e.record.called_at is not None
        ),
        key=lambda call: call.called_at,
        reverse=True,
    )
    latest: dict[str, NowServing] = {}
    before: list[NowServing] = []
    for call in calls:
        if call.counter not in latest:
            latest[call.counter] = call
        elif len(before) < earlier:
            before.append(call)
    current = [latest[c] for c in sorted(latest, key=lambda c: (len(c), c))]
    return Calls(current, before)
