"""Where things are: regions (prefectures and their banners/counties) and stations."""

import enum
from datetime import time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, SyncedRecord, string_enum


class RegionLevel(enum.StrEnum):
    prefecture = "prefecture"
    county = "county"


class Region(Base):
    """A prefecture-level division (盟/市) or one of its banners, counties and districts."""

    __tablename__ = "region"

    #: The national administrative division code (GB/T 2260), e.g. 150102.
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    level: Mapped[RegionLevel] = mapped_column(string_enum(RegionLevel))
    name_zh: Mapped[str] = mapped_column(String(64))
    name_mn: Mapped[str] = mapped_column(String(128), default="")

    parent: Mapped["Region | None"] = relationship(remote_side=[code], lazy="joined")

    __table_args__ = (CheckConstraint("length(code) = 6", name="code_six_digits"),)

    @property
    def prefecture_code(self) -> str:
        return self.parent_code or self.code


class StationKind(enum.StrEnum):
    doorstep = "doorstep"  # 家门口就业服务站
    gig_post = "gig_post"  # 零工驿站
    gig_market = "gig_market"  # 零工市场
    caravan = "caravan"  # 就业服务"大篷车"
    online = "online"  # 网上服务站


class Station(SyncedRecord, Base):
    """An outlet of the public employment service: where a seeker can go and ask."""

    __tablename__ = "station"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[StationKind] = mapped_column(string_enum(StationKind))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_mn: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    address_zh: Mapped[str] = mapped_column(String(200), default="")
    address_mn: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    #: Opening days as ISO weekday digits ("12345" = Monday to Friday) and hours.
    open_days: Mapped[str] = mapped_column(String(7), default="12345")
    opens_at: Mapped[time] = mapped_column(default=time(8, 30))
    closes_at: Mapped[time] = mapped_column(default=time(17, 30))
    #: What the outlet offers, as the county's directory lists it (服务事项清单), per script.
    services_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    services_mn: Mapped[list[str]] = mapped_column(JSON, default=list)

    region: Mapped[Region] = relationship(lazy="joined")
