"""Employers, the job categories a seeker recognises, and the jobs themselves."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from stdnum.cn import uscc

from kiosk.models.base import Base, SyncedRecord, string_enum
from kiosk.models.places import Region, Station


class Employer(SyncedRecord, Base):
    __tablename__ = "employer"

    #: Unified social credit code (GB 32100-2015), checked before it is stored.
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_mn: Mapped[str] = mapped_column(String(200), default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))

    @validates("credit_code")
    def _check_credit_code(self, _key: str, value: str) -> str:
        if not uscc.is_valid(value):
            raise ValueError("not a valid unified social credit code")
        return uscc.compact(value)


class JobCategory(Base):
    """A category a seeker recognises on a tile, mapped onto an occupational major group."""

    __tablename__ = "job_category"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    icon: Mapped[str] = mapped_column(String(40))
    #: Major group 1–8 of the Chinese Occupational Classification (职业分类大典).
    major_group: Mapped[int] = mapped_column(SmallInteger)
    sort: Mapped[int] = mapped_column(SmallInteger, default=0)
    name_zh: Mapped[str] = mapped_column(String(20))
    name_mn: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (CheckConstraint("major_group BETWEEN 1 AND 8", name="major_group_1_8"),)


class PayUnit(enum.StrEnum):
    month = "month"
    day = "day"
    hour = "hour"
    piece = "piece"


class EmploymentType(enum.StrEnum):
    full_time = "full_time"
    part_time = "part_time"
    gig = "gig"  # 零工 / day work
    internship = "internship"  # 就业见习


class JobStatus(enum.StrEnum):
    open = "open"
    closed = "closed"


class Moderation(enum.StrEnum):
    """What the hub decided about a job a station published (the hub's fields, not the
    owner's: they travel with their own version and never conflict with the owner's edits)."""

    none = "none"
    hidden = "hidden"  # off every kiosk, until the hub lifts it
    closed = "closed"  # no longer offered, as if its owner had closed it


class Job(SyncedRecord, Base):
    __tablename__ = "job"

    title_zh: Mapped[str] = mapped_column(String(60))
    title_mn: Mapped[str] = mapped_column(String(160), default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_mn: Mapped[str] = mapped_column(Text, default="")
    requirements_zh: Mapped[str] = mapped_column(Text, default="")
    requirements_mn: Mapped[str] = mapped_column(Text, default="")
    category_code: Mapped[str] = mapped_column(ForeignKey("job_category.code"))
    #: The banner/county where the work is.
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    address_zh: Mapped[str] = mapped_column(String(200), default="")
    address_mn: Mapped[str] = mapped_column(String(400), default="")
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employer.id"), index=True)
    #: The station a seeker asks about this job.
    station_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("station.id"))
    pay_min: Mapped[int] = mapped_column()
    pay_max: Mapped[int] = mapped_column()
    pay_unit: Mapped[PayUnit] = mapped_column(string_enum(PayUnit))
    employment_type: Mapped[EmploymentType] = mapped_column(string_enum(EmploymentType))
    headcount: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime] = mapped_column()
    expires_on: Mapped[date] = mapped_column()
    status: Mapped[JobStatus] = mapped_column(string_enum(JobStatus), default=JobStatus.open)
    #: This box's key for the job in its search index (local, never synced): publish time in
    #: the high bits, so the index hands out the newest jobs first without sorting.
    search_key: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    #: The hub's moderation: set only at the hub, bumped `moderation_version` each time;
    #: `version` stays the owner's (kiosk/sync/hub/moderation.py).
    moderation: Mapped[Moderation] = mapped_column(string_enum(Moderation), default=Moderation.none)
    moderation_reason: Mapped[str] = mapped_column(String(300), default="")
    moderation_version: Mapped[int] = mapped_column(default=0)
    moderated_at: Mapped[datetime | None] = mapped_column()

    category: Mapped[JobCategory] = relationship(lazy="joined")
    region: Mapped[Region] = relationship(lazy="joined")
    employer: Mapped[Employer] = relationship(lazy="joined")
    station: Mapped[Station | None] = relationship(lazy="joined")

    def is_open(self, today: date) -> bool:
        return (
            self.status == JobStatus.open
            and self.moderation == Moderation.none
            and self.expires_on >= today
        )

    __table_args__ = (
        CheckConstraint("pay_min >= 0 AND pay_max >= pay_min", name="pay_range"),
        CheckConstraint("headcount >= 1", name="headcount_positive"),
        # Everything the tiles' grouped count reads (kiosk/jobs/counts.py): it scans this
        # index, not the wide rows with their descriptions.
        Index(
            "ix_job_open_counts",
            "status",
            "expires_on",
            "category_code",
            "region_code",
            "employment_type",
            "pay_unit",
            "pay_max",
            "search_key",
        ),
        # The county counts the jobs an outlet posted in a period.
        Index("ix_job_station_published", "station_id", "published_at"),
    )
