"""Booking a seat in a slot: the last seat goes to exactly one person, whatever the race."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.codes import unique_code
from kiosk.domain.forms import Refused
from kiosk.domain.rows import rows_changed
from kiosk.models import BEIJING, Appointment, AppointmentStatus, Slot, utcnow
from kiosk.personal_data import Vault, has_foreign_digits, mask_mobile, parse_mobile
from kiosk.queue.numbers import next_queue_label
from kiosk.sync.capture import update_synced

MOBILE_CONTEXT = "appointment.mobile"


class BookingProblem(enum.StrEnum):
    mobile = "mobile"
    digits = "digits"  # digits of another script (Mongolian, Arabic-Indic…), not 0–9
    unknown_slot = "unknown_slot"
    past = "past"
    full = "full"
    #: This phone already holds a seat in this slot (a double submit, or a second try).
    already_booked = "already_booked"


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
        foreign = has_foreign_digits(mobile)
        raise Refused.one("mobile", BookingProblem.digits if foreign else BookingProblem.mobile)
    slot = _take_seat(session, slot_id, now or utcnow())
    appointment = Appointment(
        origin=origin,
        slot_id=slot_id,
        service_id=slot.service_id,
        seeker_id=seeker_id,
        mobile_sealed=vault.seal(number, context=MOBILE_CONTEXT),
        mobile_hash=vault.lookup_hash(number, context=MOBILE_CONTEXT),
        mobile_masked=mask_mobile(number),
        code=unique_code(session, Appointment.code, 10),
        queue_label=next_queue_label(session, slot.service, _day_of(slot)),
    )
    session.add(appointment)
    try:
        session.flush()
    except IntegrityError as error:
        raise Refused.one("slot", BookingProblem.already_booked) from error
    return appointment


def _day_of(slot: Slot) -> date:
    return slot.starts_at.astimezone(BEIJING).date()


def _take_seat(session: Session, slot_id: uuid.UUID, now: datetime) -> Slot:
    taken = rows_changed(
        session,
        update(Slot)
        .where(Slot.id == slot_id, Slot.booked < Slot.capacity, Slot.starts_at > now)
        .values(booked=Slot.booked + 1)
        .execution_options(synchronize_session=False),
    )
    if taken != 1:
        raise Refused.one("slot", _why_not(session, slot_id, now))
    slot = session.get(Slot, slot_id)
    assert slot is not None  # the UPDATE above just took a seat in it
    session.refresh(slot)
    return slot


def _give_back_seat(session: Session, slot_id: uuid.UUID) -> None:
    session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.booked > 0)
        .values(booked=Slot.booked - 1)
        .execution_options(synchronize_session=False)
    )


def _why_not(session: Session, slot_id: uuid.UUID, now: datetime) -> BookingProblem:
    slot = session.get(Slot, slot_id)
    if slot is None:
        return BookingProblem.unknown_slot
    return BookingProblem.past if slot.starts_at <= now else BookingProblem.full


def find_booked(session: Session, code: str) -> Appointment | None:
    """The appointment a slip's code names, while it can still be cancelled or moved."""
    return session.scalars(
        select(Appointment).where(
            Appointment.code == code.strip().upper(),
            Appointment.status == AppointmentStatus.booked,
        )
    ).first()


def cancel(session: Session, appointment_id: uuid.UUID) -> Appointment | None:
    """Cancel a booked appointment and give its seat back; None if it is no longer booked.

    Written update-first (as `book`), so two cancels of the same slip give back one seat.
    """
    cancelled = update_synced(
        session,
        Appointment,
        Appointment.id == appointment_id,
        Appointment.status == AppointmentStatus.booked,
        returning=(Appointment.slot_id,),
        status=AppointmentStatus.cancelled,
    )
    if not cancelled:
        return None
    _give_back_seat(session, cancelled[0].slot_id)
    return _fresh(session, appointment_id)


def move(
    session: Session, appointment_id: uuid.UUID, slot_id: uuid.UUID, *, now: datetime | None = None
) -> Appointment:
    """Take a seat in another slot of the same service, then free the old one.

    Nothing changes unless the new seat was taken: a full or past slot leaves the
    appointment where it was.
    """
    new_slot = _take_seat(session, slot_id, now or utcnow())
    appointment = _fresh(session, appointment_id)
    if (
        appointment is None
        or appointment.status != AppointmentStatus.booked
        or appointment.service_id != new_slot.service_id
    ):
        raise Refused.one("slot", BookingProblem.unknown_slot)
    if appointment.slot_id != slot_id:
        _give_back_seat(session, appointment.slot_id)
        if _day_of(new_slot) != _day_of(appointment.slot):
            appointment.queue_label = next_queue_label(session, new_slot.service, _day_of(new_slot))
        appointment.slot_id = slot_id
    else:
        _give_back_seat(session, slot_id)  # the same slot: the seat taken above was a second one
    session.flush()
    session.expire(appointment, ["slot"])
    return appointment


def _fresh(session: Session, appointment_id: uuid.UUID) -> Appointment | None:
    appointment = session.get(Appointment, appointment_id)
    if appointment is not None:
        session.refresh(appointment)
    return appointment
