"""What was done for a person at a visit (服务记录), and what is left to follow up."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, SyncedRecord
from kiosk.models.seekers import Seeker


class VisitOutcome(enum.StrEnum):
    registered = "registered"  # 已办理求职登记
    jobs_recommended = "jobs_recommended"  # 推荐岗位
    training_referral = "training_referral"  # 转介培训
    hired = "hired"  # 已就业
    follow_up = "follow_up"  # 需回访


class ServiceRecord(SyncedRecord, Base):
    """One visit: the services delivered, how it ended, and a counselor's note.

    The person is known when registered (`seeker_id`); a walk-in who gave no details is
    still counted. The note may hold anything a person said, so it is sealed like an ID.
    """

    __tablename__ = "service_record"

    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"), index=True)
    #: The queue entry the visit came from, when it came from the queue.
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointment.id"))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"))
    #: The Beijing day of the visit (statistics count by it).
    visited_on: Mapped[date] = mapped_column(index=True)
    #: Who served, by username (staff accounts stay on their box; the name travels).
    served_by: Mapped[str] = mapped_column(String(40))
    #: Codes of the service items delivered.
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Ids (as strings) of the jobs recommended at this visit.
    recommended_job_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    note_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    follow_up_on: Mapped[date | None] = mapped_column()
    follow_up_done_at: Mapped[datetime | None] = mapped_column()
    #: The job the person was hired into, when the hire is recorded with it: how the county
    #: learns which recommendation became a hire (no foreign key: a job may leave a station).
    hired_job_id: Mapped[uuid.UUID | None] = mapped_column(index=True)

    seeker: Mapped[Seeker | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_service_record_follow_up", "follow_up_done_at", "follow_up_on"),
        # The county's figures count an outlet's visits of a period.
        Index("ix_service_record_origin_day", "origin", "visited_on"),
    )
