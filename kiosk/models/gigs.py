"""Gig and day work (零工): a post an employer files by the station's QR code (or a counselor
keys in), checked, then reviewed at the station before anyone sees it."""

import enum
import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, SyncedRecord, string_enum, utcnow
from kiosk.models.jobs import Moderation
from kiosk.models.places import Region


class GigCategory(enum.StrEnum):
    """The categories public gig markets sort by (DOMAIN.md "Gig work"); the last five are
    Inner Mongolia's own."""

    home_repair = "home_repair"
    drain_clearing = "drain_clearing"
    appliance_repair = "appliance_repair"
    cleaning = "cleaning"
    delivery = "delivery"
    carer = "carer"  # nannies and maternity carers
    moving = "moving"
    herding = "herding"
    shearing = "shearing"
    harvest = "harvest"
    construction = "construction"
    loading = "loading"


class GigPayUnit(enum.StrEnum):
    day = "day"
    hour = "hour"
    piece = "piece"


class Settlement(enum.StrEnum):
    daily = "daily"
    weekly = "weekly"
    per_piece = "per_piece"


class Shift(enum.StrEnum):
    day = "day"  # starts and ends the same day
    overnight = "overnight"  # ends the next morning


class EmployerKind(enum.StrEnum):
    company = "company"  # a unified social credit code
    household = "household"  # a household hiring: the person's resident ID


class PostStatus(enum.StrEnum):
    pending = "pending"  # waiting for the station's review
    approved = "approved"  # on the board
    rejected = "rejected"  # sent back with a reason the employer sees
    withdrawn = "withdrawn"  # taken down by its employer: off every station's board


class GigPost(SyncedRecord, Base):
    __tablename__ = "gig_post"

    station_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[PostStatus] = mapped_column(string_enum(PostStatus), default=PostStatus.pending)
    #: Why it was sent back, in the reviewer's words (the employer reads it).
    review_reason: Mapped[str] = mapped_column(String(300), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column()
    #: Wording the checks flagged for the reviewer, as codes joined by spaces.
    flags: Mapped[str] = mapped_column(String(80), default="")
    #: Whether the post went live without waiting, its employer being trusted.
    published_at_once: Mapped[bool] = mapped_column(default=False)
    #: The employer's link to the post (its status, the reason, the edit): only its hash.
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)

    # The employer, and who filed the post for it.
    employer_kind: Mapped[EmployerKind] = mapped_column(string_enum(EmployerKind))
    #: The unified social credit code, or for a household the keyed hash of the person's ID:
    #: the same employer always has the same key (duplicates, trust).
    employer_key: Mapped[str] = mapped_column(String(64), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    household_id_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    employer_name: Mapped[str] = mapped_column(String(100))
    contact_name: Mapped[str] = mapped_column(String(20))
    contact_mobile_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    contact_mobile_masked: Mapped[str] = mapped_column(String(11))

    # What every posted job must carry.
    title_zh: Mapped[str] = mapped_column(String(60))
    title_mn: Mapped[str] = mapped_column(String(160), default="")
    duties_zh: Mapped[str] = mapped_column(Text, default="")
    duties_mn: Mapped[str] = mapped_column(Text, default="")
    requirements_zh: Mapped[str] = mapped_column(Text, default="")
    requirements_mn: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    address_zh: Mapped[str] = mapped_column(String(200))
    address_mn: Mapped[str] = mapped_column(String(400), default="")
    headcount: Mapped[int] = mapped_column()
    #: Pay in fen (hundredths of a yuan): an hourly rate of 22.50 is a right input.
    pay_fen: Mapped[int] = mapped_column()
    pay_unit: Mapped[GigPayUnit] = mapped_column(string_enum(GigPayUnit))
    settlement: Mapped[Settlement] = mapped_column(string_enum(Settlement))
    category: Mapped[GigCategory] = mapped_column(string_enum(GigCategory, 24))
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date] = mapped_column()
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    shift: Mapped[Shift] = mapped_column(string_enum(Shift))
    #: The last day to take it (the post's validity).
    valid_until: Mapped[date] = mapped_column()
    #: The minimum-wage rules the pay was checked against (kiosk/data/gigs/).
    wage_rules: Mapped[str] = mapped_column(String(24))
    #: Places taken (station-local, never the employer's edit): one guarded UPDATE each,
    #: `taken < headcount`, so a race for the last place gives it to one worker only.
    taken: Mapped[int] = mapped_column(default=0)
    #: The hub's moderation, as a job's (kiosk/moderation/): set only at the hub, its own
    #: `moderation_version`, so the owner station's edits and the hub's word never undo each
    #: other; a hidden or closed gig is off every board, the owner's too.
    moderation: Mapped[Moderation] = mapped_column(string_enum(Moderation), default=Moderation.none)
    moderation_reason: Mapped[str] = mapped_column(String(300), default="")
    moderation_version: Mapped[int] = mapped_column(default=0)
    moderated_at: Mapped[datetime | None] = mapped_column()

    region: Mapped[Region] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("headcount BETWEEN 1 AND 9999", name="headcount_range"),
        CheckConstraint("pay_fen > 0", name="pay_positive"),
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("taken BETWEEN 0 AND headcount", name="taken_within_headcount"),
        Index("ix_gig_post_status_dates", "status", "end_date", "start_date"),
        # The board's: equal status, a county of the league, not over; the rest of its filter
        # and order are in the index too, so it picks its 60 ids without reading whole rows.
        Index(
            "ix_gig_post_board",
            "status",
            "region_code",
            "end_date",
            "start_date",
            "moderation",
            "valid_until",
            "start_time",
            "id",
        ),
    )


class GigLicence(Base):
    """The photo of a business licence an employer sent with a post, for the station's reviewer
    only: shrunk, stripped of its metadata (a phone's photo names where it was taken) and
    sealed. It stays at the station that reviews the post; it never travels."""

    __tablename__ = "gig_licence"

    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gig_post.id"), primary_key=True)
    photo_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class TakeStatus(enum.StrEnum):
    taken = "taken"  # a place is the worker's
    confirmed = "confirmed"  # the employer confirmed the hire


class Via(enum.StrEnum):
    desk = "desk"
    employer = "employer"


class NoShow(enum.StrEnum):
    worker = "worker"
    employer = "employer"


class PaidVia(enum.StrEnum):
    kiosk = "kiosk"
    desk = "desk"
    follow_up = "follow_up"  # the counselor's follow-up list


class GigTake(SyncedRecord, Base):
    """A worker's place in a gig, taken at the kiosk or the desk (no app needed)."""

    __tablename__ = "gig_take"

    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gig_post.id"), index=True)
    station_code: Mapped[str] = mapped_column(String(32))
    #: The keyed hash of the worker's ID number or mobile: one place per person per gig.
    worker_key: Mapped[str] = mapped_column(String(64))
    #: What the employer and the slip show of the worker (150102********1237, 139****5678).
    worker_masked: Mapped[str] = mapped_column(String(20))
    #: Said at the station when the worker arrives; printed on the gig slip.
    checkin_code: Mapped[str] = mapped_column(String(8))
    status: Mapped[TakeStatus] = mapped_column(string_enum(TakeStatus), default=TakeStatus.taken)
    confirmed_at: Mapped[datetime | None] = mapped_column()
    # What became of it (kiosk/gigs/outcomes.py, one guarded UPDATE per step).
    arrived_at: Mapped[datetime | None] = mapped_column()
    arrived_via: Mapped[Via | None] = mapped_column(string_enum(Via))
    completed_at: Mapped[datetime | None] = mapped_column()
    #: Who did not show: the worker (the employer or the desk says so) or the employer (the
    #: worker says so at the desk).
    no_show: Mapped[NoShow | None] = mapped_column(string_enum(NoShow))
    no_show_at: Mapped[datetime | None] = mapped_column()
    #: "Were you paid?", asked from the day after the gig's last day.
    paid: Mapped[bool | None] = mapped_column()
    paid_answered_at: Mapped[datetime | None] = mapped_column()
    paid_via: Mapped[PaidVia | None] = mapped_column(string_enum(PaidVia))

    post: Mapped[GigPost] = relationship(lazy="joined")

    __table_args__ = (
        # Named: the naming convention would call both after their first column.
        UniqueConstraint("post_id", "worker_key", name="uq_gig_take_worker"),
        UniqueConstraint("post_id", "checkin_code", name="uq_gig_take_checkin_code"),
    )


class ReferralStatus(enum.StrEnum):
    open = "open"  # passed to the labour inspection contact, not closed yet
    closed = "closed"


class ReferralOutcome(enum.StrEnum):
    """How a referral was closed (kiosk/gigs/outcomes.py `close_referral`)."""

    paid_after_referral = "paid_after_referral"  # the employer paid once it was referred
    settled = "settled"  # the two sides agreed (part paid, paid in kind, mediated)
    #: The worker took it back (a mistake, paid before anyone called): not held against the
    #: employer, so it does not count toward GIG_UNPAID_REFERRALS.
    withdrawn_by_worker = "withdrawn_by_worker"
    #: The labour inspection opened a case of its own: the station's part is done.
    passed_to_inspection = "passed_to_inspection"


class GigReferral(SyncedRecord, Base):
    """A rights referral (维权) opened when a worker says "not paid": what was agreed, as it
    stood when the gig was taken, for the county's labour inspection contact."""

    __tablename__ = "gig_referral"

    #: One referral per place taken: a second "no" finds this one.
    take_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gig_take.id"), unique=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    station_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[ReferralStatus] = mapped_column(
        string_enum(ReferralStatus), default=ReferralStatus.open
    )
    #: Repeated referrals of one employer flag it for review (GIG_UNPAID_REFERRALS).
    employer_key: Mapped[str] = mapped_column(String(64), index=True)
    employer_name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    contact_mobile_masked: Mapped[str] = mapped_column(String(11))
    worker_masked: Mapped[str] = mapped_column(String(20))
    title_zh: Mapped[str] = mapped_column(String(60))
    pay_fen: Mapped[int] = mapped_column()
    pay_unit: Mapped[GigPayUnit] = mapped_column(string_enum(GigPayUnit))
    settlement: Mapped[Settlement] = mapped_column(string_enum(Settlement))
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date] = mapped_column()
    #: Set together, once, when the referral is closed (status closed).
    outcome: Mapped[ReferralOutcome | None] = mapped_column(string_enum(ReferralOutcome, 24))
    outcome_note: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[datetime | None] = mapped_column()

    take: Mapped[GigTake] = relationship(lazy="joined")


class TrustedEmployer(Base):
    """An employer with a clean record: its posts are published at once (and still listed)."""

    __tablename__ = "gig_trusted_employer"

    employer_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    trusted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_member.id"))
    trusted_at: Mapped[datetime] = mapped_column(default=utcnow)
