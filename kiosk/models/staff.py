"""The people behind the desk, and what they did (local to this box, never synced)."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, new_id, string_enum, utcnow


class StaffRole(enum.StrEnum):
    counselor = "counselor"
    manager = "manager"


class StaffMember(Base):
    __tablename__ = "staff_member"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    #: argon2id, with its parameters and salt (kiosk/staff/accounts.py).
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[StaffRole] = mapped_column(string_enum(StaffRole))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    #: Stored in each session at sign-in; bumped by sign-out, turning off and a new password,
    #: which ends every session of the account at its next request (kiosk/web/staff.py).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    # Flask-Login's user interface.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class AuditEntry(Base):
    """Who did what to which record, and when. Never the record's personal data."""

    __tablename__ = "audit_entry"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_member.id"))
    action: Mapped[str] = mapped_column(String(40))
    record_kind: Mapped[str] = mapped_column(String(20), default="")
    record_id: Mapped[str] = mapped_column(String(40), default="")
    #: A short, non-personal detail: a counter, a queue number, an outcome.
    detail: Mapped[str] = mapped_column(String(120), default="")

    staff: Mapped[StaffMember | None] = relationship(lazy="joined")
