"""Recording a visit (services delivered, outcome, note) and keeping the follow-up list."""

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.appointments.booking import MOBILE_CONTEXT as APPOINTMENT_MOBILE
from kiosk.domain.forms import Checker
from kiosk.domain.stations import services_by_code
from kiosk.models import (
    Appointment,
    Job,
    Seeker,
    ServiceRecord,
    Ticket,
    VisitOutcome,
    utcnow,
)
from kiosk.personal_data import Vault
from kiosk.registration.service import MOBILE_CONTEXT as SEEKER_MOBILE
from kiosk.sync.capture import update_synced

NOTE_CONTEXT = "service_record.note"
MAX_NOTE = 1000
#: More than this on one slip does not help anyone choose.
MAX_RECOMMENDED = 8
#: A follow-up is planned within the coming year.
FOLLOW_UP_HORIZON = timedelta(days=366)


class RecordProblem(enum.StrEnum):
    """A visit's own problems beside the shared ones (kiosk/domain/forms.py)."""

    no_service = "no_service"
    unknown_job = "unknown_job"
    too_many_jobs = "too_many_jobs"
    follow_up_date = "follow_up_date"
    unknown_hire = "unknown_hire"


@dataclass(frozen=True)
class Visit:
    """What the counselor ticked and wrote, as the form sent it."""

    services: Sequence[str]
    outcomes: Sequence[str] = ()
    job_ids: Sequence[str] = ()
    note: str = ""
    follow_up_on: str = ""
    #: The job (id) a person recommended to it earlier was hired into: the county counts
    #: which recommendations became hires.
    hired_job: str = ""


@dataclass(frozen=True)
class VisitSource:
    """Who the visit was with: a registered person and/or the queue entry it came from."""

    seeker: Seeker | None = None
    appointment: Appointment | None = None
    ticket: Ticket | None = None


def open_jobs_by_id(session: Session, raw_ids: Sequence[str], today: date) -> list[Job] | None:
    """The open jobs named, in the order given; None when one is not an open job."""
    try:
        ids = [uuid.UUID(raw) for raw in dict.fromkeys(raw_ids)]
    except ValueError:
        return None
    jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(ids)))}
    if len(jobs) != len(ids) or not all(job.is_open(today) for job in jobs.values()):
        return None
    return [jobs[job_id] for job_id in ids]


def record_visit(
    session: Session,
    vault: Vault,
    visit: Visit,
    source: VisitSource,
    *,
    station_code: str,
    served_by: str,
    today: date,
) -> ServiceRecord:
    """Check everything, then write one record (the caller commits); nothing on a refusal."""
    check = Checker(markup=True)  # a note is only ever shown escaped
    services = check.choices(
        "services", visit.services, set(services_by_code(session, station_code))
    )
    if not services:
        check.refuse("services", RecordProblem.no_service)
    outcomes = check.choices("outcomes", visit.outcomes, set(VisitOutcome.__members__))
    jobs = open_jobs_by_id(session, visit.job_ids, today) or []
    if visit.job_ids and not jobs:
        check.refuse("jobs", RecordProblem.unknown_job)
    elif len(jobs) > MAX_RECOMMENDED:
        check.refuse("jobs", RecordProblem.too_many_jobs)
    if jobs and VisitOutcome.jobs_recommended not in outcomes:
        outcomes.append(VisitOutcome.jobs_recommended.value)
    follow_up_on = _follow_up_date(visit, outcomes, today, check)
    hired_job = _hired_job(session, visit, source, check)
    if hired_job is not None and VisitOutcome.hired not in outcomes:
        outcomes.append(VisitOutcome.hired.value)
    note = check.text("note", visit.note, MAX_NOTE, multiline=True)
    check.raise_if_refused()

    record = ServiceRecord(
        origin=station_code,
        seeker_id=source.seeker.id if source.seeker else None,
        appointment_id=source.appointment.id if source.appointment else None,
        ticket_id=source.ticket.id if source.ticket else None,
        visited_on=today,
        served_by=served_by,
        services=services,
        outcomes=outcomes,
        recommended_job_ids=[str(job.id) for job in jobs],
        note_sealed=vault.seal(note, context=NOTE_CONTEXT) if note else None,
        follow_up_on=follow_up_on,
        hired_job_id=hired_job,
    )
    session.add(record)
    return record


def jobs_recommended_to(session: Session, seeker: Seeker) -> list[Job]:
    """The jobs recommended to the person at earlier visits (open or not), newest first."""
    ids: dict[uuid.UUID, None] = {}
    rows = session.scalars(
        select(ServiceRecord.recommended_job_ids)
        .where(ServiceRecord.seeker_id == seeker.id)
        .order_by(ServiceRecord.visited_on.desc(), ServiceRecord.created_at.desc())
    )
    for job_ids in rows:
        for raw in job_ids:
            ids.setdefault(uuid.UUID(raw), None)
    jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(list(ids))))}
    return [jobs[id_] for id_ in ids if id_ in jobs]


def _hired_job(
    session: Session, visit: Visit, source: VisitSource, check: Checker
) -> uuid.UUID | None:
    """The job the person was hired into: one recommended to them before."""
    if not visit.hired_job:
        return None
    if source.seeker is None:
        check.refuse("hired_job", RecordProblem.unknown_hire)
        return None
    known = {str(job.id): job.id for job in jobs_recommended_to(session, source.seeker)}
    if visit.hired_job not in known:
        check.refuse("hired_job", RecordProblem.unknown_hire)
        return None
    return known[visit.hired_job]


def _follow_up_date(visit: Visit, outcomes: list[str], today: date, check: Checker) -> date | None:
    """A follow-up needs a day from today to a year ahead; a day alone implies a follow-up."""
    if not visit.follow_up_on:
        if VisitOutcome.follow_up in outcomes:
            check.refuse("follow_up_on", RecordProblem.follow_up_date)
        return None
    try:
        day = date.fromisoformat(visit.follow_up_on)
    except ValueError:
        day = None
    if day is None or not today <= day <= today + FOLLOW_UP_HORIZON:
        check.refuse("follow_up_on", RecordProblem.follow_up_date)
        return None
    if VisitOutcome.follow_up not in outcomes:
        outcomes.append(VisitOutcome.follow_up.value)
    return day


def note_of(vault: Vault, record: ServiceRecord) -> str:
    return vault.open(record.note_sealed, context=NOTE_CONTEXT) if record.note_sealed else ""


def open_follow_ups(session: Session) -> list[ServiceRecord]:
    """Follow-ups not yet done, the earliest (and so the overdue) first."""
    return list(
        session.scalars(
            select(ServiceRecord)
            .where(ServiceRecord.follow_up_on.is_not(None))
            .where(ServiceRecord.follow_up_done_at.is_(None))
            .order_by(ServiceRecord.follow_up_on, ServiceRecord.created_at)
        )
    )


def finish_follow_up(session: Session, record_id: uuid.UUID) -> bool:
    """Mark a follow-up done; False when it was done already (another desk, a double click)."""
    done = update_synced(
        session,
        ServiceRecord,
        ServiceRecord.id == record_id,
        ServiceRecord.follow_up_on.is_not(None),
        ServiceRecord.follow_up_done_at.is_(None),
        follow_up_done_at=utcnow(),
    )
    return len(done) == 1


def visits_of(session: Session, seeker: Seeker) -> list[ServiceRecord]:
    return list(
        session.scalars(
            select(ServiceRecord)
            .where(ServiceRecord.seeker_id == seeker.id)
            .order_by(ServiceRecord.created_at.desc())
        )
    )


def seeker_of_appointment(
    session: Session, vault: Vault, appointment: Appointment
) -> Seeker | None:
    """The registered person behind an appointment: booked as them, or by the same number.

    The two hashes of a number differ by field (a leaked table cannot be joined to
    another), so the booking's number is opened and hashed as a seeker's would be.
    """
    if appointment.seeker_id:
        return session.get(Seeker, appointment.seeker_id)
    mobile = vault.open(appointment.mobile_sealed, context=APPOINTMENT_MOBILE)
    seeker_hash = vault.lookup_hash(mobile, context=SEEKER_MOBILE)
    return session.scalars(select(Seeker).where(Seeker.mobile_hash == seeker_hash)).first()
