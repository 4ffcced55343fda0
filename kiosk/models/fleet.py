"""What a hub keeps for its fleet (hub only, never synced): each county's keys for personal
data, each station's latest report of itself, and the audit of cross-outlet look-ups."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, SmallInteger, String, false
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, new_id, utcnow


class CountyKey(Base):
    """One version of a county's keys, sealed with the hub's own key.

    Every station of the county seals ID and mobile numbers with the newest version's
    sealing key and hashes them with the county's lookup key, so one person is one keyed
    hash in the whole county. Versions are never deleted: what was sealed with an old one
    still opens.
    """

    __tablename__ = "county_key"

    county_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    version: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    sealing_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    #: The same in every version of a county (see kiosk/sync/hub/county_keys.py).
    lookup_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StationReport(Base):
    """The latest report a station sent of itself with a sync round (one row per station)."""

    __tablename__ = "station_report"

    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The station's own counter: an older report arriving late (or replayed) is ignored.
    sequence: Mapped[int] = mapped_column(BigInteger, default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    app_version: Mapped[str] = mapped_column(String(40), default="")
    schema_revision: Mapped[str] = mapped_column(String(64), default="")
    last_backup_at: Mapped[datetime | None] = mapped_column()
    #: The last slip's print: None (no slip yet), True (printed) or False (failed).
    printer_ok: Mapped[bool | None] = mapped_column()
    printer_error: Mapped[str] = mapped_column(String(200), default="")
    printed_at: Mapped[datetime | None] = mapped_column()
    disk_free: Mapped[int] = mapped_column(BigInteger, default=0)
    disk_total: Mapped[int] = mapped_column(BigInteger, default=0)
    waiting: Mapped[int] = mapped_column(default=0)
    keys_version: Mapped[int] = mapped_column(SmallInteger, default=0)


class PersonLookup(Base):
    """A counselor at a station looked a person up at the hub: who, where, when, for which
    person key (the keyed hash, never the number), and how many registrations it found."""

    __tablename__ = "person_lookup"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    station_code: Mapped[str] = mapped_column(String(32))
    staff_username: Mapped[str] = mapped_column(String(40))
    #: "id" or "mobile": which number the counselor typed.
    by: Mapped[str] = mapped_column(String(8))
    person_key: Mapped[str] = mapped_column(String(64))
    found: Mapped[int] = mapped_column(default=0)
    #: Refused for the station's rate of look-ups (kiosk/sync/hub/fleet.py): nothing answered.
    refused: Mapped[bool] = mapped_column(default=False, server_default=false())

    __table_args__ = (
        Index("ix_person_lookup_person_key", "person_key"),
        Index("ix_person_lookup_station_at", "station_code", "at"),
    )
