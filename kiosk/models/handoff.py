"""A one-time hand-off from the kiosk to a seeker's phone (local to this box, never synced)."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, new_id, utcnow


class HandOff(Base):
    """The kiosk shows a QR code with a random token; the phone that opens it registers once.

    Only the token's hash is stored: a copy of the database does not let anyone use a
    token still on a screen.
    """

    __tablename__ = "hand_off"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"))
