"""Station services, their time slots, and appointments booked into them."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, SyncedRecord, string_enum


class ServiceItem(SyncedRecord, Base):
    """One entry of a station's service list (服务事项清单), e.g. policy consultation."""

    __tablename__ = "service_item"

    station_code: Mapped[str] = mapped_column(ForeignKey("station.code"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    #: The letter queue numbers start with at this station: A001, B001…
    queue_letter: Mapped[str] = mapped_column(String(1))
    name_zh: Mapped[str] = mapped_column(String(40))
    name_mn: Mapped[str] = mapped_column(String(120), default="")
    sort: Mapped[int] = mapped_column(SmallInteger, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    #: Appointments each slot of this service takes (counselors free at the same time).
    slot_capacity: Mapped[int] = mapped_column(SmallInteger, default=2)

    __table_args__ = (UniqueConstraint("station_code", "code"),)


class Slot(Base):
    """A time at which a service takes a number of appointments (this box's own timetable)."""

    __tablename__ = "slot"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    capacity: Mapped[int] = mapped_column(SmallInteger)
    #: Seats taken, changed only by a conditional UPDATE (see kiosk/appointments/booking.py).
    booked: Mapped[int] = mapped_column(SmallInteger, default=0)

    service: Mapped[ServiceItem] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
        UniqueConstraint("service_id", "starts_at"),
    )


class QueueState:
    """Where a person is in today's queue: called to which counter, when, and when done."""

    #: The counter ("1", "2"…) the person was called to.
    counter: Mapped[str] = mapped_column(String(8), default="")
    called_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class AppointmentStatus(enum.StrEnum):
    booked = "booked"
    cancelled = "cancelled"
    checked_in = "checked_in"
    called = "called"
    served = "served"
    no_show = "no_show"
    referred = "referred"


class Appointment(QueueState, SyncedRecord, Base):
    __tablename__ = "appointment"

    slot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("slot.id"), index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"))
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"))
    mobile_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    mobile_hash: Mapped[str] = mapped_column(String(64), index=True)
    mobile_masked: Mapped[str] = mapped_column(String(11))
    #: The slip's code: random, opaque, for check-in, cancelling and moving.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    #: The number called at the desk (A012), from the same daily sequence as walk-ins.
    queue_label: Mapped[str] = mapped_column(String(8))
    status: Mapped[AppointmentStatus] = mapped_column(
        string_enum(AppointmentStatus), default=AppointmentStatus.booked
    )
    checked_in_at: Mapped[datetime | None] = mapped_column()

    slot: Mapped[Slot] = relationship(lazy="joined")
    service: Mapped[ServiceItem] = relationship(lazy="joined")

    __table_args__ = (
        # One phone holds one seat in a slot: a double submit cannot take a second one.
        Index(
            "uq_appointment_booked_once",
            "slot_id",
            "mobile_hash",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        # The county counts an outlet's appointments.
        Index("ix_appointment_origin", "origin"),
    )


class QueueCounter(Base):
    """The last number given out for a service on a day (this box's own sequence)."""

    __tablename__ = "queue_counter"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class TicketStatus(enum.StrEnum):
    waiting = "waiting"
    called = "called"
    served = "served"
    no_show = "no_show"
    referred = "referred"


class Ticket(QueueState, SyncedRecord, Base):
    """A walk-in's place in the queue for a service, without an appointment."""

    __tablename__ = "ticket"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"), index=True)
    #: The Beijing day the number belongs to.
    day: Mapped[date] = mapped_column()
    queue_label: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[TicketStatus] = mapped_column(
        string_enum(TicketStatus), default=TicketStatus.waiting
    )

    service: Mapped[ServiceItem] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("service_id", "day", "queue_label"),
        Index("ix_ticket_origin_day", "origin", "day"),
    )
