"""What the county steers its outlets by: targets it sets (hub only), and the figures it
sends each station back (travels down, to that station alone)."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, SyncedRecord, new_id, utcnow


class CountyTarget(Base):
    """A yearly (quarter 0) or quarterly target for one outlet and one indicator (hub only)."""

    __tablename__ = "county_target"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    station_code: Mapped[str] = mapped_column(String(32), index=True)
    indicator: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(SmallInteger)
    #: 1–4, or 0 for the whole year.
    quarter: Mapped[int] = mapped_column(SmallInteger, default=0)
    value: Mapped[int] = mapped_column()
    set_by: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("station_code", "indicator", "year", "quarter"),
        CheckConstraint("quarter BETWEEN 0 AND 4", name="quarter_0_4"),
        CheckConstraint("value > 0", name="value_positive"),
    )


class StationFigure(SyncedRecord, Base):
    """One indicator of one period for one station, beside the county's: the hub's answer to
    what the station sent up ("your 12 recommendations → 5 hires, 3 elsewhere")."""

    __tablename__ = "station_figure"

    station_code: Mapped[str] = mapped_column(String(32), index=True)
    #: The period's slug: 2026-11, 2026-Q4, 2026.
    period: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(default=0)
    #: The same indicator over every outlet of the county, and how many outlets that is.
    county_value: Mapped[int] = mapped_column(default=0)
    county_outlets: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("station_code", "period", "indicator"),)
