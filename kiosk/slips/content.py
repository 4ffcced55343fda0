"""What each kind of slip says, in the chosen language and then the other one; and the
registry of slip kinds: each kind is one `@slip_type(...)` on its content function.

Only masked personal data reaches a slip; the QR code holds an address with an opaque token.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.i18n import CHINESE, MONGOLIAN, format_clock, format_date, localized
from kiosk.jobs.labels import pay_range
from kiosk.models import (
    BEIJING,
    Appointment,
    Job,
    Policy,
    Seeker,
    ServiceRecord,
    SlipKind,
    Slot,
    Station,
    Ticket,
    TicketStatus,
    utcnow,
)
from kiosk.personal_data import mask_name
from kiosk.policies.library import lines
from kiosk.queue import labels as queue_labels
from kiosk.queue.wait import estimate
from kiosk.slips.raster import SlipContent, SlipSide
from kiosk.web import device

#: What a slip says: (session, its subject, the station, the QR address, the locale).
Content = Callable[[Session, Any, Station | None, str, str], SlipContent]


@dataclass(frozen=True)
class SlipType:
    kind: SlipKind
    #: The model of the record the slip is for (`Slip.subject_id` is its id).
    subject: type
    content: Content
    #: Where the slip's QR code leads instead of the slip itself (from the subject's id).
    opens: Callable[[uuid.UUID], str] | None = None
    #: Jobs the slip's page lists under it, to read and keep on the phone.
    jobs: Callable[[Session, Any], list[Job]] | None = None


SLIP_TYPES: dict[SlipKind, SlipType] = {}


def slip_type(kind: SlipKind, subject: type, **more: Any) -> Callable[[Content], Content]:
    """Register the decorated function as what slips of `kind` say."""

    def register(content: Content) -> Content:
        SLIP_TYPES[kind] = SlipType(kind, subject, content, **more)
        return content

    return register


def _both(locale: str, side: Callable[[str], SlipSide]) -> tuple[SlipSide, ...]:
    other = MONGOLIAN if locale == CHINESE else CHINESE
    sides = []
    for each in (locale, other):
        with force_locale(each):
            sides.append(side(each))
    return tuple(sides)


def time_range(slot: Slot) -> str:
    return f"{format_clock(slot.starts_at)}–{format_clock(slot.ends_at)}"


def _station(station: Station | None) -> str:
    return localized(station, "name") if station else ""


@slip_type(SlipKind.appointment, Appointment)
def appointment_content(
    session: Session, appointment: Appointment, station: Station | None, qr: str, locale: str
) -> SlipContent:
    slot = appointment.slot
    seeker = session.get(Seeker, appointment.seeker_id) if appointment.seeker_id else None

    def side(language: str) -> SlipSide:
        rows = [
            (_("Service"), localized(appointment.service, "name")),
            (_("Time"), f"{format_date(slot.starts_at)} {time_range(slot)}"),
        ]
        if seeker is not None:
            rows.append((_("Name"), mask_name(seeker.name_zh)))
        rows += [
            (_("Mobile number"), appointment.mobile_masked),
            (_("Code to cancel or change"), appointment.code),
        ]
        return SlipSide(
            locale=language,
            title=_("Appointment slip"),
            station=_station(station),
            rows=tuple(rows),
            instruction=_("Please come ten minutes early and show this slip at the desk."),
        )

    return SlipContent(appointment.queue_label, qr, _both(locale, side))


@slip_type(SlipKind.ticket, Ticket)
def ticket_content(
    session: Session, ticket: Ticket, station: Station | None, qr: str, locale: str
) -> SlipContent:
    # As the slip is printed (or opened later on a phone): who is ahead now, if still waiting.
    now = utcnow()
    waiting = ticket.status == TicketStatus.waiting and ticket.day == now.astimezone(BEIJING).date()
    wait = estimate(session, ticket, station, now) if waiting else None

    def side(language: str) -> SlipSide:
        rows = [
            (_("Service"), localized(ticket.service, "name")),
            (_("Taken"), f"{format_date(ticket.created_at)} {format_clock(ticket.created_at)}"),
        ]
        note = ""
        if wait is not None:
            rows += [
                (_("Ahead of you"), queue_labels.ahead(wait)),
                (_("Estimated wait"), queue_labels.wait_time(wait)),
            ]
            note = queue_labels.hours_note(wait.hours, station)
        return SlipSide(
            locale=language,
            title=_("Queue ticket"),
            station=_station(station),
            rows=tuple(rows),
            instruction=note or _("Please wait nearby: your number will be called."),
        )

    return SlipContent(ticket.queue_label, qr, _both(locale, side))


@slip_type(SlipKind.registration, Seeker)
def registration_content(
    _session: Session, seeker: Seeker, station: Station | None, qr: str, locale: str
) -> SlipContent:
    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=_("Job-seeker registration"),
            station=_station(station),
            rows=(
                (_("Name"), mask_name(seeker.name_zh)),
                (_("Resident ID number"), seeker.id_number_masked),
                (_("Mobile number"), seeker.mobile_masked),
                (_("Date"), format_date(seeker.updated_at)),
            ),
            instruction=_("Show this number at the desk."),
        )

    return SlipContent(seeker.registration_no, qr, _both(locale, side))


def _job_page(job_id: uuid.UUID) -> str:
    """A job slip's code opens the job itself."""
    return url_for("jobs.job_detail", job_id=job_id, **{"from": device.QR_MARK})  # type: ignore[arg-type]  # "from" is a word of ours, not url_for's


@slip_type(SlipKind.job, Job, opens=_job_page)
def job_content(
    _session: Session, job: Job, station: Station | None, qr: str, locale: str
) -> SlipContent:
    def side(language: str) -> SlipSide:
        return SlipSide(
            locale=language,
            title=localized(job, "title"),
            station=_station(station),
            rows=(
                (_("Employer"), localized(job.employer, "name")),
                (_("Pay"), pay_range(job)),
                (_("Where"), localized(job.region, "name")),
                (_("Printed"), format_date(datetime.now(BEIJING))),
            ),
            instruction=_("Give this slip to a counselor: they can call the employer for you."),
        )

    return SlipContent("", qr, _both(locale, side))


def recommended_jobs(session: Session, record: ServiceRecord) -> list[Job]:
    """The jobs of a visit's recommendation, in the order picked (closed ones too: the
    slip says what was recommended then)."""
    ids = [uuid.UUID(job_id) for job_id in record.recommended_job_ids]
    jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(ids)))}
    return [jobs[job_id] for job_id in ids if job_id in jobs]


@slip_type(SlipKind.recommendation, ServiceRecord, jobs=recommended_jobs)
def recommendation_content(
    session: Session, record: ServiceRecord, station: Station | None, qr: str, locale: str
) -> SlipContent:
    """Jobs a counselor picked at a visit: each with its employer, pay and place."""
    jobs = recommended_jobs(session, record)

    def side(language: str) -> SlipSide:
        rows = tuple(
            (
                localized(job, "title"),
                f"{localized(job.employer, 'name')} · {pay_range(job)} · "
                f"{localized(job.region, 'name')}",
            )
            for job in jobs
        )
        return SlipSide(
            locale=language,
            title=_("Jobs recommended for you"),
            station=_station(station),
            rows=(*rows, (_("Printed"), format_date(datetime.now(BEIJING)))),
            instruction=_(
                "Scan the code to read these jobs on your phone. We can call them for you."
            ),
        )

    return SlipContent("", qr, _both(locale, side))


def _policy_page(policy_id: uuid.UUID) -> str:
    """A policy slip's code opens the item itself."""
    from kiosk.extensions import db

    policy = db.session.get(Policy, policy_id)
    code = policy.code if policy else "-"
    return url_for("policies.detail", code=code, **{"from": device.QR_MARK})  # type: ignore[arg-type]  # "from" is a word of ours, not url_for's


@slip_type(SlipKind.policy, Policy, opens=_policy_page)
def policy_content(
    _session: Session, policy: Policy, station: Station | None, qr: str, locale: str
) -> SlipContent:
    """A policy item to take home: what it gives, how much, what to bring, where to go."""

    def side(language: str) -> SlipSide:
        rows = [(_("The policy"), localized(policy, "summary"))]
        if localized(policy, "amount"):
            rows.append((_("How much"), localized(policy, "amount")))
        rows += [
            (_("What to bring"), " · ".join(lines(localized(policy, "documents")))),
            (_("Where and how to apply"), localized(policy, "where")),
            (_("Printed"), format_date(datetime.now(BEIJING))),
        ]
        return SlipSide(
            locale=language,
            title=localized(policy, "title"),
            station=_station(station),
            rows=tuple(rows),
            instruction=_("Scan the code to read the whole item on your phone."),
        )

    return SlipContent("", qr, _both(locale, side))
