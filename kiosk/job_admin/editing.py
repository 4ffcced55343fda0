"""Checking and writing a job the station manager enters: by form or by a row of a file."""

import enum
import unicodedata
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field, fields
from datetime import date
from math import ceil

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session
from stdnum.cn import uscc

from kiosk.domain import reference
from kiosk.domain.forms import Checker, Problem
from kiosk.models import (
    Employer,
    EmploymentType,
    Job,
    JobStatus,
    PayUnit,
    RegionLevel,
    Station,
    new_id,
    utcnow,
)

#: Limits of the free-text columns that have no size of their own (Text columns).
LONG_TEXT_ZH = 2000
LONG_TEXT_MN = 4000
MAX_PAY = 1_000_000
MAX_HEADCOUNT = 9999
#: Jobs on one page of the manager's list.
PAGE_SIZE = 25


class JobProblem(enum.StrEnum):
    """A job's own problems beside the shared ones (kiosk/domain/forms.py): a message beside
    the field on screen, or in an import's list."""

    pay_range = "pay_range"  # the highest pay is below the lowest
    headcount = "headcount"
    past_date = "past_date"
    credit_code = "credit_code"
    employer_name = "employer_name"  # a new employer needs its name
    duplicate = "duplicate"  # the same as an open job (employer, title, county)
    duplicate_row = "duplicate_row"  # the same as an earlier row of the file


class StaleEdit(RuntimeError):
    """The job changed since the form was opened: nothing was written."""


#: (field, limit, required): the texts of a job, with the model's column sizes.
TEXT_FIELDS = (
    ("title_zh", 60, True),
    ("title_mn", 160, False),
    ("description_zh", LONG_TEXT_ZH, False),
    ("description_mn", LONG_TEXT_MN, False),
    ("requirements_zh", LONG_TEXT_ZH, False),
    ("requirements_mn", LONG_TEXT_MN, False),
    ("address_zh", 200, False),
    ("address_mn", 400, False),
)
#: The texts that may hold line breaks (text areas; a file's cells alike).
MULTILINE_FIELDS = frozenset(
    {"description_zh", "description_mn", "requirements_zh", "requirements_mn"}
)

#: Words a file may use for the coded values, beside the codes themselves.
PAY_UNIT_WORDS = {
    "月": PayUnit.month,
    "元/月": PayUnit.month,
    "日": PayUnit.day,
    "天": PayUnit.day,
    "元/天": PayUnit.day,
    "元/日": PayUnit.day,
    "小时": PayUnit.hour,
    "时": PayUnit.hour,
    "元/小时": PayUnit.hour,
    "件": PayUnit.piece,
    "计件": PayUnit.piece,
    "元/件": PayUnit.piece,
}
EMPLOYMENT_TYPE_WORDS = {
    "全职": EmploymentType.full_time,
    "兼职": EmploymentType.part_time,
    "零工": EmploymentType.gig,
    "零工/日结": EmploymentType.gig,
    "日结": EmploymentType.gig,
    "见习": EmploymentType.internship,
    "就业见习": EmploymentType.internship,
}
#: The word a file gets for each coded value (an export reads as the template asks).
PAY_UNIT_OUT = {PayUnit.month: "月", PayUnit.day: "日", PayUnit.hour: "小时", PayUnit.piece: "件"}
EMPLOYMENT_TYPE_OUT = {
    EmploymentType.full_time: "全职",
    EmploymentType.part_time: "兼职",
    EmploymentType.gig: "零工",
    EmploymentType.internship: "见习",
}


@dataclass
class JobForm:
    """A job as text, from the form or from one row of a file."""

    title_zh: str = ""
    title_mn: str = ""
    description_zh: str = ""
    description_mn: str = ""
    requirements_zh: str = ""
    requirements_mn: str = ""
    address_zh: str = ""
    address_mn: str = ""
    category: str = ""
    region: str = ""
    #: An existing employer's id; empty (or "new") means by credit code.
    employer: str = ""
    employer_code: str = ""
    employer_name: str = ""
    pay_min: str = ""
    pay_max: str = ""
    pay_unit: str = ""
    employment_type: str = ""
    headcount: str = "1"
    expires_on: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, str]) -> "JobForm":
        return cls(**{f.name: str(data.get(f.name, f.default) or "") for f in fields(cls)})

    @classmethod
    def of(cls, job: Job) -> "JobForm":
        form = cls(**{name: getattr(job, name) for name, _limit, _required in TEXT_FIELDS})
        form.category = job.category_code
        form.region = job.region_code
        form.employer = str(job.employer_id)
        form.pay_min, form.pay_max = str(job.pay_min), str(job.pay_max)
        form.pay_unit, form.employment_type = job.pay_unit.value, job.employment_type.value
        form.headcount = str(job.headcount)
        form.expires_on = job.expires_on.isoformat()
        return form


@dataclass
class CheckedJob:
    values: dict = field(default_factory=dict)
    employer: Employer | None = None
    #: (credit code, name) of an employer to create, when it is not known yet.
    new_employer: tuple[str, str] | None = None

    @property
    def employer_code(self) -> str:
        if self.employer is not None:
            return self.employer.credit_code
        return self.employer_code_name[0]

    @property
    def employer_code_name(self) -> tuple[str, str]:
        """(credit code, name) of the employer to create."""
        assert self.new_employer is not None  # a checked job names one or the other
        return self.new_employer


def _coded(raw: str, kind: type[enum.StrEnum], words: Mapping[str, enum.StrEnum]):
    raw = unicodedata.normalize("NFKC", raw)
    return kind.__members__.get(raw) or words.get(raw)


def check_job(
    session: Session, form: JobForm, *, today: date, current: Job | None = None
) -> CheckedJob:
    """Every field checked; raises Refused naming each field that is wrong."""
    # Markup is kept as typed: templates escape it, so it shows as text.
    check = Checker(markup=True)
    # The text rule first, for every field (a form's or a file's cell): a control character
    # is named as such, whatever else the field's own check would say.
    for item in fields(JobForm):
        check.clean(item.name, getattr(form, item.name), multiline=item.name in MULTILINE_FIELDS)
    values: dict = {}
    for name, limit, required in TEXT_FIELDS:
        multiline = name in MULTILINE_FIELDS
        values[name] = check.text(
            name, getattr(form, name), limit, required=required, multiline=multiline
        )

    category = check.text("category", form.category, 24, required=True)
    known = {c.code: c.code for c in reference.categories()}
    known |= {c.name_zh: c.code for c in reference.categories()}
    if category and check.ok("category"):
        if category not in known:
            check.refuse("category", Problem.unknown_choice)
        values["category_code"] = known.get(category)

    values["region_code"] = _county(check, form.region)

    pay_min = check.number("pay_min", form.pay_min, 0, MAX_PAY, out_of_range=Problem.not_a_number)
    pay_max = check.number("pay_max", form.pay_max, 0, MAX_PAY, out_of_range=Problem.not_a_number)
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        check.refuse("pay_max", JobProblem.pay_range)
    values["pay_min"], values["pay_max"] = pay_min, pay_max
    for name, kind, words in (
        ("pay_unit", PayUnit, PAY_UNIT_WORDS),
        ("employment_type", EmploymentType, EMPLOYMENT_TYPE_WORDS),
    ):
        raw = check.clean(name, getattr(form, name))
        if not raw:
            check.refuse(name, Problem.required)
        else:
            values[name] = _coded(raw, kind, words)
            if values[name] is None:
                check.refuse(name, Problem.unknown_choice)
    headcount_raw = form.headcount if form.headcount.strip() else "1"
    values["headcount"] = check.number(
        "headcount", headcount_raw, 1, MAX_HEADCOUNT, out_of_range=JobProblem.headcount
    )

    expires = check.date("expires_on", form.expires_on)
    # An edit that keeps an old date is allowed (closing an expired job's typo, say).
    kept = current is not None and expires == current.expires_on
    if expires is not None and expires < today and not kept:
        check.refuse("expires_on", JobProblem.past_date)
    values["expires_on"] = expires

    checked = CheckedJob(values=values)
    _employer(session, check, form, checked)
    check.raise_if_refused()
    return checked


def _county(check: Checker, raw: str) -> str | None:
    """A county by its code, or by its Chinese name when only one county has it."""
    raw = check.text("region", raw, 64, required=True)
    if not raw or not check.ok("region"):
        return None
    region = reference.region(raw)
    if region is None:
        named = [r for r in reference.regions().values() if r.name_zh == raw]
        region = named[0] if len(named) == 1 else None
    if region is None or region.level != RegionLevel.county:
        check.refuse("region", Problem.unknown_choice)
        return None
    return region.code


def _employer(session: Session, check: Checker, form: JobForm, checked: CheckedJob) -> None:
    chosen = check.clean("employer", form.employer)
    if chosen and chosen != "new":
        with suppress(ValueError):  # not an id: no such employer
            checked.employer = session.get(Employer, uuid.UUID(chosen))
        if checked.employer is None:
            check.refuse("employer", Problem.unknown_choice)
        return
    code = check.text("employer_code", form.employer_code, 40, required=True)
    if not code or not check.ok("employer_code"):
        return
    if not uscc.is_valid(code):
        check.refuse("employer_code", JobProblem.credit_code)
        return
    code = uscc.compact(code)
    checked.employer = session.scalars(select(Employer).where(Employer.credit_code == code)).first()
    if checked.employer is None:
        name = check.text("employer_name", form.employer_name, 100)
        if not name and check.ok("employer_name"):
            check.refuse("employer_name", JobProblem.employer_name)
        checked.new_employer = (code, name)


def open_duplicate(session: Session, checked: CheckedJob, *, other_than: Job | None = None):
    """An open job of the same employer with the same title in the same county, if any."""
    query = (
        select(Job.id)
        .join(Employer, Job.employer_id == Employer.id)
        .where(
            Employer.credit_code == checked.employer_code,
            Job.title_zh == checked.values["title_zh"],
            Job.region_code == checked.values["region_code"],
            Job.status == JobStatus.open,
        )
    )
    if other_than is not None:
        query = query.where(Job.id != other_than.id)
    return session.scalars(query.limit(1)).first()


def _employer_for(session: Session, checked: CheckedJob, origin: str) -> Employer:
    if checked.employer is not None:
        return checked.employer
    assert checked.new_employer is not None  # a checked job names one or the other
    code, name = checked.new_employer
    # A file may name the same new employer on many rows: the first row made it.
    employer = session.scalars(select(Employer).where(Employer.credit_code == code)).first()
    if employer is None:
        employer = Employer(
            id=new_id(),
            origin=origin,
            credit_code=code,
            name_zh=name,
            region_code=checked.values["region_code"],
        )
        session.add(employer)
    return employer


def create_job(
    session: Session, checked: CheckedJob, *, origin: str, station: Station | None
) -> Job:
    """A new open job, published now; the caller commits (the search index follows the flush)."""
    job = Job(
        id=new_id(),  # the search index keys the job by it before the INSERT
        origin=origin,
        station_id=station.id if station else None,
        employer=_employer_for(session, checked, origin),
        published_at=utcnow(),
        status=JobStatus.open,
        **checked.values,
    )
    session.add(job)
    return job


def update_job(
    session: Session, job: Job, checked: CheckedJob, *, seen_version: int, origin: str
) -> Job:
    """Write an edit made on version `seen_version`; raises StaleEdit if the job moved on."""
    if job.version != seen_version:
        raise StaleEdit(str(job.id))
    job.employer = _employer_for(session, checked, origin)
    for name, value in checked.values.items():
        setattr(job, name, value)
    return job


def set_status(job: Job, status: JobStatus) -> bool:
    """Close or reopen; False when the job already was so (nothing is written)."""
    if job.status == status:
        return False
    job.status = status
    return True


# --- the manager's list -----------------------------------------------------------------


class StatusFilter(enum.StrEnum):
    open = "open"
    closed = "closed"
    all = "all"


def owned(station_code: str) -> ColumnElement[bool]:
    """The jobs this box may change: those it took in. Another outlet's job (the county's
    too) is its owner's: an edit here would never travel, and the hub would refuse it."""
    return Job.origin == station_code


def station_scope(session: Session, station_code: str) -> ColumnElement[bool]:
    """The jobs this station answers for: those naming it, and those it created."""
    station_id = session.scalar(select(Station.id).where(Station.code == station_code))
    return or_(Job.station_id == station_id if station_id else false(), Job.origin == station_code)


@dataclass(frozen=True)
class JobListPage:
    jobs: list[Job]
    total: int
    page: int
    pages: int


def _filtered(session: Session, station_code: str, status: StatusFilter, text: str):
    query = select(Job).where(station_scope(session, station_code))
    if status is not StatusFilter.all:
        query = query.where(Job.status == JobStatus(status.value))
    text = text.strip()
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Job.title_zh.like(like, "\\"), Job.title_mn.like(like, "\\")))
    return query


def list_jobs(
    session: Session, station_code: str, status: StatusFilter, text: str, page: int
) -> JobListPage:
    query = _filtered(session, station_code, status, text)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    jobs = session.scalars(
        query.order_by(Job.published_at.desc(), Job.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return JobListPage(list(jobs), total, page, pages)


def all_jobs(session: Session, station_code: str, status: StatusFilter, text: str) -> list[Job]:
    query = _filtered(session, station_code, status, text)
    return list(session.scalars(query.order_by(Job.published_at.desc(), Job.id.desc())))


def employers(session: Session) -> list[Employer]:
    return list(session.scalars(select(Employer).order_by(Employer.name_zh)))
