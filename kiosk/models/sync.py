"""What a hub knows of the stations that may send it records (local to the hub)."""

import uuid
from datetime import datetime

from sqlalchemy import LargeBinary, String
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
