"""What a hub knows of the stations that may send it records (local to the hub)."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, new_id, utcnow


class StationCredential(Base):
    """A station's secret for signing its requests, sealed with the hub's key.

    Sealed rather than hashed: an HMAC signature can only be checked with the secret itself,
    and keeping it here lets the secret never travel after the day it is handed out.
    """

    __tablename__ = "station_credential"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    station_code: Mapped[str] = mapped_column(String(32), unique=True)
    secret_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set once: a revoked station is refused from its next request on.
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_contact_at: Mapped[datetime | None] = mapped_column()
    #: How many records the station said were still waiting to be sent, at its last push.
    backlog: Mapped[int] = mapped_column(default=0)


class OutboxEntry(Base):
    """A station record changed since the hub last confirmed it (local to a station).

    Written in the transaction that changes the record. One row per record: `seq` keeps the
    order of its first change, so a record is always sent after the records it refers to.
    """

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column()
    #: The record's version when last changed: a confirmation of an older one keeps the row.
    version: Mapped[int] = mapped_column()

    __table_args__ = (UniqueConstraint("kind", "record_id"),)


class BatchReceipt(Base):
    """A batch the hub has applied, and its answer: the same batch again gets the same answer
    and changes nothing (local to the hub)."""

    __tablename__ = "sync_batch_receipt"

    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[dict] = mapped_column(JSON, default=dict)


class QuarantinedRecord(Base):
    """A record a station sent that the hub could not take, kept for a person (hub only)."""

    __tablename__ = "sync_quarantine"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    batch_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    #: Why it was refused, in plain words for the hub's administrator.
    reason: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()


class Change(Base):
    """The hub's change log of what it publishes to stations, numbered in commit order.

    Publishing transactions take one lock before they number their changes, so a station
    reading "after N" can never skip a change that commits later with a smaller number.
    """

    __tablename__ = "sync_change"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column()
    #: Set for a station's own records (its service list); empty: for every station.
    station_code: Mapped[str] = mapped_column(String(32), default="")
    deleted: Mapped[bool] = mapped_column(default=False)
    #: When it was numbered: compaction keeps every entry younger than its window.
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_sync_change_record", "kind", "record_id"),
        # A station's own stream, read after its own cursor however far behind it lags.
        Index("ix_sync_change_station", "station_code", "seq"),
    )


class RetiredRecord(Base):
    """A record deleted at the hub, kept by id (hub only): its owner station may still hold
    a queued edit of it, and a push of a retired record must not bring it back."""

    __tablename__ = "sync_retired"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(32))
    retired_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(300), default="")
    #: An employer merged into the county's one of the same credit code (kept for the jobs
    #: its station still sends under this id, re-pointed there; the station re-points too).
    merged_into: Mapped[uuid.UUID | None]
