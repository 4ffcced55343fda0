"""Booking a seat in a slot: the last seat goes to exactly one person, whatever the race."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.codes import unique_code
from kiosk.models import Appointment, AppointmentStatus, Slot, utcnow
from kiosk.personal_data import Vault, mask_mobile, parse_mobile

MOBILE_CONTEXT = "appointment.mobile"


class BookingProblem(enum.StrEnum):
    mobile = "mobile"
    unknown_slot = "unknown_slot"
    past = "past"
    full = "full"


class BookingRefused(ValueError):
    def __init__(self, problem: BookingProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def book(
    session: Session,
    vault: Vault,
    slot_id: uuid.UUID,
    mobile: str,
    *,
    origin: str,
    seeker_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Take a seat and write the appointment in the caller's transaction (it commits).

    The seat is taken by one conditional UPDATE (`booked < capacity`), which the database
    applies to one writer at a time: no check-then-insert window, on SQLite as on PostgreSQL.
    It is also the transaction's first statement, so SQLite never has to upgrade a read.
    """
    number = parse_mobile(mobile)
    if number is None:
        raise BookingRefused(BookingProblem.mobile)
    now = now or utcnow()
    taken = session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.booked < Slot.capacity, Slot.starts_at > now)
        .values(booked=Slot.booked + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise BookingRefused(_why_not(session, slot_id, now))
    slot = session.get(Slot, slot_id)
    appointment = Appointment(
        origin=origin,
        slot_id=slot_id,
        service_id=slot.service_id,
        seeker_id=seeker_id,
        mobile_sealed=vault.seal(number, context=MOBILE_CONTEXT),
        mobile_hash=vault.lookup_hash(number, context=MOBILE_CONTEXT),
        mobile_masked=mask_mobile(number),
        code=unique_code(session, Appointment.code, 10),
    )
    session.add(appointment)
    return appointment


def _why_not(session: Session, slot_id: uuid.UUID, now: datetime) -> BookingProblem:
    slot = session.get(Slot, slot_id)
    if slot is None:
        return BookingProblem.unknown_slot
    return BookingProblem.past if slot.starts_at <= now else BookingProblem.full


def cancel(session: Session, code: str) -> Appointment | None:
    """Cancel by the slip's code and give the seat back; None if no booked appointment has it."""
    appointment = session.scalars(
        select(Appointment).where(
            Appointment.code == code.strip().upper(),
            Appointment.status == AppointmentStatus.booked,
        )
    ).first()
    if appointment is None:
        return None
    appointment.status = AppointmentStatus.cancelled
    session.execute(
        update(Slot)
        .where(Slot.id == appointment.slot_id, Slot.booked > 0)
        .values(booked=Slot.booked - 1)
        .execution_options(synchronize_session=False)
    )
    return appointment
