"""Station services, their time slots, and appointments booked into them."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

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


class Slot(Base):
    """A time at which a service takes a number of appointments (this box's own timetable)."""

    __tablename__ = "slot"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    capacity: Mapped[int] = mapped_column(SmallInteger)
    #: Seats taken, changed only by a conditional UPDATE (see kiosk/booking.py).
    booked: Mapped[int] = mapped_column(SmallInteger, default=0)

    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
    )


class AppointmentStatus(enum.StrEnum):
    booked = "booked"
    cancelled = "cancelled"
    checked_in = "checked_in"
    served = "served"
    no_show = "no_show"


class Appointment(SyncedRecord, Base):
    __tablename__ = "appointment"

    slot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("slot.id"), index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_item.id"))
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"))
    mobile_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    mobile_hash: Mapped[str] = mapped_column(String(64), index=True)
    mobile_masked: Mapped[str] = mapped_column(String(11))
    #: The slip's code: random, opaque, for check-in, cancelling and moving.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[AppointmentStatus] = mapped_column(
        string_enum(AppointmentStatus), default=AppointmentStatus.booked
    )
