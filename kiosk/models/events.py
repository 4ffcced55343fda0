"""What the county publishes for people to come to (a fair, a caravan day, a live-stream
session), the booths employers book at a fair (both travel down), and what stations collect
there (sign-ups, scans, hiring intentions: pushed up, each on the id it was born with)."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, SyncedRecord, string_enum


class EventKind(enum.StrEnum):
    fair = "fair"
    caravan = "caravan"  # a caravan day: where it will be, which services it brings
    stream = "stream"  # a live-stream recruiting session (直播带岗)


class Event(SyncedRecord, Base):
    """Published at the hub, pulled by every station."""

    __tablename__ = "event"

    #: Short and printable: the first part of every sign-up code of this event.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[EventKind] = mapped_column(string_enum(EventKind))
    title_zh: Mapped[str] = mapped_column(String(60))
    title_mn: Mapped[str] = mapped_column(String(160), default="")
    place_zh: Mapped[str] = mapped_column(String(200), default="")
    place_mn: Mapped[str] = mapped_column(String(400), default="")
    #: The banner (county) it is held in: a station's own banner lists first.
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    #: A caravan day's services, one each.
    services_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    services_mn: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: A live stream's channel (platform and account, as viewers find it).
    channel_zh: Mapped[str] = mapped_column(String(100), default="")
    channel_mn: Mapped[str] = mapped_column(String(200), default="")
    #: A live stream's featured jobs (ids as text): open, unmoderated posts only.
    featured_job_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Signs this event's sign-up codes, so a device with no link tells a real code from a
    #: made-up one (stations are the county's own boxes: it travels down with the event).
    code_key: Mapped[str] = mapped_column(String(32))
    cancelled: Mapped[bool] = mapped_column(default=False)
    #: When it was to start before the hub moved it (the last move): signed-up people see
    #: "moved" and from when.
    moved_from: Mapped[datetime | None] = mapped_column()

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class Booth(SyncedRecord, Base):
    """An employer's booth at a fair, booked at the hub (travels down with the event)."""

    __tablename__ = "booth"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employer.id"), index=True)
    number: Mapped[int] = mapped_column(SmallInteger)
    #: The jobs it offers (ids as text): the employer's open, unmoderated posts.
    job_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    booked_by: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (
        UniqueConstraint("event_id", "employer_id"),
        UniqueConstraint("event_id", "number", name="booth_number"),
    )


class SignupChannel(enum.StrEnum):
    qr = "qr"  # the person's own phone, from the event's QR code
    kiosk = "kiosk"
    gate = "gate"  # at the fair itself


class EventSignup(SyncedRecord, Base):
    """A person's sign-up: a code for their QR, and nothing that names them."""

    __tablename__ = "event_signup"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"), index=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    channel: Mapped[SignupChannel] = mapped_column(string_enum(SignupChannel))
    #: A registered seeker who signed up at the desk: what a follow-up's hire is matched by.
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"))


class ScanKind(enum.StrEnum):
    gate = "gate"  # a seeker at one of the fair's gates: visits
    booth = "booth"  # a seeker at an employer's booth: booth visits
    employer = "employer"  # an employer checking in at its booth: attendance (no-shows)


class EventScan(SyncedRecord, Base):
    """One scan, on the id the scanning device gave it: an upload sent twice, or a batch
    pushed again, lands on the same row."""

    __tablename__ = "event_scan"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"), index=True)
    kind: Mapped[ScanKind] = mapped_column(string_enum(ScanKind))
    #: The sign-up code scanned (a gate or booth scan), or "" for an employer's check-in.
    code: Mapped[str] = mapped_column(String(24), default="", index=True)
    booth_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("booth.id"))
    #: Which device (gate) scanned it: for the log, not for counting.
    device: Mapped[str] = mapped_column(String(40), default="")
    scanned_at: Mapped[datetime] = mapped_column()


class HiringIntention(SyncedRecord, Base):
    """达成就业意向: an employer and a person agreed, at a fair's booth or on a live stream's
    featured job; its id is made from where and who, so recording it twice is one row."""

    __tablename__ = "hiring_intention"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"), index=True)
    booth_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("booth.id"))
    code: Mapped[str] = mapped_column(String(24))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("job.id"))
    recorded_at: Mapped[datetime] = mapped_column()
