"""Precise assistance (精准帮扶): a person's profile, their difficulty determinations, the tier
and service package a counselor chose, its tasks, and requests for a visit at home or an
errand done on their behalf. All of it is made at a station and pushed to the hub."""

import enum
import uuid
from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.models.base import Base, SyncedRecord, string_enum
from kiosk.models.seekers import Seeker


class ProfilePlace(enum.StrEnum):
    desk = "desk"
    caravan = "caravan"  # 流动服务车 / 大篷车, often with no link


class MemberSituation(enum.StrEnum):
    """A household member's work situation (the applicant counts as one member)."""

    employed = "employed"
    registered_unemployed = "registered_unemployed"
    unregistered_unemployed = "unregistered_unemployed"
    unable_to_work = "unable_to_work"
    outside_working_age = "outside_working_age"  # a child, a pensioner, a student


class Barrier(enum.StrEnum):
    """The fixed list of barriers to work (what keeps a person from a job, not who they are)."""

    transport = "transport"
    care_duties = "care_duties"  # childcare or caring for someone
    language = "language"
    literacy = "literacy"
    phone_access = "phone_access"
    health = "health"
    housing = "housing"
    debt = "debt"


class LandTaken(enum.StrEnum):
    farmland = "farmland"
    grassland = "grassland"  # 草场


class ExpropriationLevel(enum.StrEnum):
    banner_or_above = "banner_or_above"
    below_banner = "below_banner"  # the rules file calls it "lower"


class ProofStatus(enum.StrEnum):
    """Where a claimed criterion's proof stands (each criterion is a proof of the rules file)."""

    claimed = "claimed"  # the person says so; no proof seen yet
    shown = "shown"  # the proof was shown to the counselor
    confirmed = "confirmed"  # confirmed with the office that issues it


class AssistanceProfile(SyncedRecord, Base):
    """One profiling (求职就业画像) of a person, face to face. Re-profiling adds a new row: the
    newest is current, and the one before shows what changed.

    Health, disability and allowance facts are sealed together in `sensitive_sealed` (a JSON
    object, kiosk/assistance/profiles.py); the rest is what the rules and the plan need.
    """

    __tablename__ = "assistance_profile"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seeker.id"), index=True)
    taken_on: Mapped[date] = mapped_column()
    taken_by: Mapped[str] = mapped_column(String(40))
    place: Mapped[ProfilePlace] = mapped_column(string_enum(ProfilePlace))
    #: The rules version the pre-check judged this profile by.
    rules_version: Mapped[str] = mapped_column(String(32))
    urban_resident: Mapped[bool] = mapped_column()
    able_and_willing: Mapped[bool] = mapped_column()
    registered_unemployed_since: Mapped[date | None] = mapped_column()
    residence_months: Mapped[int] = mapped_column()
    insured_months: Mapped[int] = mapped_column()
    #: One MemberSituation per member living together on the household register.
    household: Mapped[list[str]] = mapped_column(JSON, default=list)
    household_business_income: Mapped[bool] = mapped_column()
    land_taken: Mapped[LandTaken | None] = mapped_column(string_enum(LandTaken))
    expropriation_level: Mapped[ExpropriationLevel | None] = mapped_column(
        string_enum(ExpropriationLevel, 24)
    )
    compensation_monthly: Mapped[int | None] = mapped_column()
    local_unemployment_benefit: Mapped[int | None] = mapped_column()
    #: The day the person left full-time higher education (graduated); its year is shown.
    left_higher_education_on: Mapped[date | None] = mapped_column()
    ever_employed: Mapped[bool] = mapped_column()
    work_history: Mapped[str] = mapped_column(Text, default="")
    barriers: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Proof codes of the rules file the person showed (kiosk/data/rules/…).
    proofs_in_hand: Mapped[list[str]] = mapped_column(JSON, default=list)
    sensitive_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    #: Each claimed criterion as "proof status day" (a proof code of the rules file, a
    #: ProofStatus, an ISO day), in the rules file's order; those whose claim says what is
    #: sealed (disability, allowance) are sealed with it instead.
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The earliest review day of the criteria (or of the profile, when none is claimed).
    review_on: Mapped[date] = mapped_column(index=True)

    seeker: Mapped[Seeker] = relationship(lazy="joined")


class Step(enum.StrEnum):
    """The recorded steps of a difficulty determination (认定), in their order."""

    applied = "applied"  # at the community or 苏木乡镇/街道 platform
    reviewed = "reviewed"  # the platform's review
    notice = "notice"  # public notice (公示), with its dates
    decided = "decided"  # the banner/county decision
    review_requested = "review_requested"  # the person asks for a review of the decision
    exited = "exited"  # the conditions ended (退出)


class StepOutcome(enum.StrEnum):
    approved = "approved"
    refused = "refused"


class Determination(SyncedRecord, Base):
    """One application for one difficulty category, judged by the rules version it names."""

    __tablename__ = "assistance_determination"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seeker.id"), index=True)
    profile_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistance_profile.id"))
    category: Mapped[int] = mapped_column()
    rules_version: Mapped[str] = mapped_column(String(32))
    #: The community or 苏木乡镇 platform where the application was made.
    platform: Mapped[str] = mapped_column(String(60))

    steps: Mapped[list["DeterminationStep"]] = relationship(
        order_by=lambda: (DeterminationStep.acted_on, DeterminationStep.created_at),
        lazy="selectin",
        viewonly=True,
    )


class DeterminationStep(SyncedRecord, Base):
    __tablename__ = "assistance_determination_step"

    determination_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assistance_determination.id"), index=True
    )
    step: Mapped[Step] = mapped_column(string_enum(Step, 24))
    acted_on: Mapped[date] = mapped_column()
    #: Who acted: the officer or body, as the counselor writes it.
    acted_by: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[StepOutcome | None] = mapped_column(string_enum(StepOutcome))
    notice_from: Mapped[date | None] = mapped_column()
    notice_until: Mapped[date | None] = mapped_column()


class Tier(enum.StrEnum):
    self_service = "self_service"
    guided = "guided"
    intensive = "intensive"


class ServicePlan(SyncedRecord, Base):
    """The tier a counselor chose for a person and why, with the package it brought."""

    __tablename__ = "assistance_plan"

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seeker.id"), index=True)
    profile_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assistance_profile.id"))
    tier: Mapped[Tier] = mapped_column(string_enum(Tier))
    #: The key group whose package it is (kiosk/data/assistance/packages.json).
    key_group: Mapped[str] = mapped_column(String(32))
    package_version: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    chosen_on: Mapped[date] = mapped_column()
    chosen_by: Mapped[str] = mapped_column(String(40))
    #: When the tier is to be looked at again.
    review_on: Mapped[date] = mapped_column(index=True)


class TaskKind(enum.StrEnum):
    job_offer = "job_offer"
    guidance = "guidance"
    training_offer = "training_offer"  # a training or internship offer
    follow_up_visit = "follow_up_visit"


class AssistanceTask(SyncedRecord, Base):
    """One task of a plan's package, on a counselor's list until done."""

    __tablename__ = "assistance_task"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assistance_plan.id"), index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("seeker.id"), index=True)
    kind: Mapped[TaskKind] = mapped_column(string_enum(TaskKind, 24))
    due_on: Mapped[date] = mapped_column()
    assigned_to: Mapped[str] = mapped_column(String(40))
    done_on: Mapped[date | None] = mapped_column()
    done_by: Mapped[str | None] = mapped_column(String(40))
    #: A task closed by cancelling the plan (a new tier replaces it) is not done.
    cancelled: Mapped[bool] = mapped_column(default=False)

    seeker: Mapped[Seeker] = relationship(lazy="joined")
    plan: Mapped[ServicePlan] = relationship(lazy="joined")

    __table_args__ = (Index("ix_assistance_task_open", "done_on", "cancelled", "due_on"),)


class RequestKind(enum.StrEnum):
    door_to_door = "door_to_door"  # 上门服务
    proxy = "proxy"  # 代办


class RequestChannel(enum.StrEnum):
    kiosk = "kiosk"
    phone = "phone"
    staff = "staff"  # staff asking on someone's behalf


class RequestStatus(enum.StrEnum):
    open = "open"
    assigned = "assigned"
    visited = "visited"
    cancelled = "cancelled"


class HomeRequest(SyncedRecord, Base):
    """A request for a visit at home or for an errand done on someone's behalf."""

    __tablename__ = "assistance_request"

    kind: Mapped[RequestKind] = mapped_column(string_enum(RequestKind))
    channel: Mapped[RequestChannel] = mapped_column(string_enum(RequestChannel))
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("seeker.id"), index=True)
    #: What is asked for, where, and when it suits the person.
    what: Mapped[str] = mapped_column(String(200))
    township: Mapped[str] = mapped_column(String(60), default="")
    village: Mapped[str] = mapped_column(String(60))
    suits: Mapped[str] = mapped_column(String(100), default="")
    #: Who asks: the person, a relative, a village official, a member of staff.
    asked_by: Mapped[str] = mapped_column(String(60))
    asked_on: Mapped[date] = mapped_column()
    assigned_to: Mapped[str | None] = mapped_column(String(40))
    planned_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[RequestStatus] = mapped_column(string_enum(RequestStatus))
    #: How to reach the person who asked at the kiosk or by phone (their mobile, sealed; the
    #: list shows it masked). Empty when staff asked for a registered person.
    contact_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    contact_masked: Mapped[str] = mapped_column(String(20), default="")
    #: The visit that answered it (recorded like any visit, with its follow-ups).
    service_record_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_record.id"))

    seeker: Mapped[Seeker | None] = relationship(lazy="joined")
