"""Small facts this box keeps about itself (never synced)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base


class LocalState(Base):
    __tablename__ = "local_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
