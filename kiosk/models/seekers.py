"""Job seekers registered at a station (求职登记). Personal data is minimal and sealed."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, SyncedRecord, string_enum


class Education(enum.StrEnum):
    primary = "primary"  # 小学及以下
    junior_middle = "junior_middle"  # 初中
    senior_middle = "senior_middle"  # 高中、中专、技校
    college = "college"  # 大专
    bachelor = "bachelor"  # 本科
    postgraduate = "postgraduate"  # 研究生


class EmploymentStatus(enum.StrEnum):
    unemployed = "unemployed"  # 失业
    employed = "employed"  # 在业，想换工作
    graduating = "graduating"  # 应届毕业生
    flexible = "flexible"  # 灵活就业


class KeyGroup(enum.StrEnum):
    """Key groups (重点群体), self-declared."""

    college_graduate = "college_graduate"
    ex_serviceman = "ex_serviceman"
    lifted_out_of_poverty = "lifted_out_of_poverty"
    migrant_worker = "migrant_worker"
    relocated_resident = "relocated_resident"


class Difficulty(enum.StrEnum):
    """Categories of persons with employment difficulties (就业困难人员), self-declared."""

    older_unemployed = "older_unemployed"
    disability = "disability"
    zero_employment_family = "zero_employment_family"
    land_lost = "land_lost"
    long_term_on_allowance = "long_term_on_allowance"
    graduate_two_years = "graduate_two_years"


class Gender(enum.StrEnum):
    male = "male"
    female = "female"


class Seeker(SyncedRecord, Base):
    __tablename__ = "seeker"

    #: The number on the receipt: short, random, not derived from anything personal.
    registration_no: Mapped[str] = mapped_column(String(12), unique=True)
    name_zh: Mapped[str] = mapped_column(String(30))
    name_mn: Mapped[str] = mapped_column(String(60), default="")
    name_latin: Mapped[str] = mapped_column(String(60), default="")
    #: The identity number sealed (AES-GCM), its keyed hash to find the person again, and
    #: the masked form for screens and slips. Gender and birth date come from it.
    id_number_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    id_number_hash: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(18))
    gender: Mapped[Gender] = mapped_column(string_enum(Gender, 24))
    birth_date: Mapped[date] = mapped_column()
    mobile_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    mobile_hash: Mapped[str] = mapped_column(String(64), index=True)
    mobile_masked: Mapped[str] = mapped_column(String(11))
    education: Mapped[Education] = mapped_column(string_enum(Education, 24))
    residence_region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    #: Township (苏木/乡镇) and village (嘎查/村), as the person says them.
    residence_place: Mapped[str] = mapped_column(String(60), default="")
    employment_status: Mapped[EmploymentStatus] = mapped_column(string_enum(EmploymentStatus, 24))
    wanted_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    wanted_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    wanted_forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Lowest acceptable pay, as a monthly amount in yuan.
    wanted_pay_min: Mapped[int | None] = mapped_column()
    skills: Mapped[str] = mapped_column(Text, default="")
    certificates: Mapped[str] = mapped_column(Text, default="")
    key_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    difficulty: Mapped[Difficulty | None] = mapped_column(string_enum(Difficulty, 24))
    #: When the person agreed to the privacy notice, and which version of it.
    consented_at: Mapped[datetime] = mapped_column()
    consent_version: Mapped[str] = mapped_column(String(16))

    # One person per ID number at each outlet. Across outlets the hub holds each station's
    # registration of them under the same keyed hash (the county's keys): that hash is the
    # person at the hub (kiosk/sync/hub/people.py).
    __table_args__ = (
        UniqueConstraint("origin", "id_number_hash"),
        Index("ix_seeker_id_number_hash", "id_number_hash"),
        # The county's figures count an outlet's registrations of a period.
        Index("ix_seeker_origin_created", "origin", "created_at"),
    )
