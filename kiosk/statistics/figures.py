"""The figures a station reports for a period, counted in the database (GROUP BY, count).

Visits (`ServiceRecord.visited_on`) and walk-in tickets (`Ticket.day`) carry a Beijing date;
registrations and appointment slots carry UTC times, so they are compared with the UTC
instants of Beijing midnight (see `Period.utc_bounds`).
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, FromClause, Select, distinct, func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from kiosk.gigs.outcomes import figures as gig_figures
from kiosk.models import (
    Appointment,
    AppointmentStatus,
    Difficulty,
    KeyGroup,
    Seeker,
    ServiceItem,
    ServiceRecord,
    Slot,
    Ticket,
    TicketStatus,
    VisitOutcome,
)
from kiosk.statistics.periods import Period

#: Beijing has kept UTC+8 all year since 1991: a fixed offset is exact for these dates.
BEIJING_OFFSET_HOURS = 8
#: At the desk "referred" ends a visit as much as "served" does: both count as served.
_APPOINTMENT_SERVED = (AppointmentStatus.served, AppointmentStatus.referred)
_TICKET_SERVED = (TicketStatus.served, TicketStatus.referred)


@dataclass(frozen=True)
class AppointmentCounts:
    """Appointments for one service whose slot lies in the period."""

    code: str
    name_zh: str
    name_mn: str
    #: Every appointment made for the period, also those cancelled later.
    booked: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class TicketCounts:
    """Walk-in numbers taken for one service on the period's days."""

    code: str
    name_zh: str
    name_mn: str
    issued: int = 0
    served: int = 0
    no_show: int = 0


@dataclass(frozen=True)
class DayCounts:
    day: date
    visits: int = 0
    registrations: int = 0


@dataclass(frozen=True)
class Figures:
    station_code: str
    period: Period
    registrations: int
    #: Visits (service records) in the period: people served, counted per visit.
    visits: int
    #: Visits by people of each key group / difficulty category (a person may be in several
    #: key groups, so these need not add up to `visits`).
    key_groups: dict[KeyGroup, int]
    difficulties: dict[Difficulty, int]
    jobs_recommended: int
    visits_with_jobs: int
    training_referrals: int
    hires: int
    #: Visits of the period that asked for a follow-up which is not done yet.
    follow_ups_open: int
    #: Gig places done in the period, the share of them the workers confirmed paid (whole
    #: percent), and rights referrals still open (kiosk/gigs/outcomes.py).
    gigs_completed: int
    gigs_paid_share: int
    gig_referrals_open: int
    appointments: list[AppointmentCounts]
    tickets: list[TicketCounts]
    days: list[DayCounts]

    @property
    def appointment_total(self) -> AppointmentCounts:
        return AppointmentCounts(
            "", "", "", *(sum(getattr(row, f) for row in self.appointments) for f in
                          ("booked", "served", "no_show", "cancelled"))
        )  # fmt: skip

    @property
    def ticket_total(self) -> TicketCounts:
        return TicketCounts(
            "", "", "", *(sum(getattr(row, f) for row in self.tickets) for f in
                          ("issued", "served", "no_show"))
        )  # fmt: skip


def json_elements(session: Session, column: ColumnElement | InstrumentedAttribute) -> FromClause:
    """The elements of a JSON list column as a table with a `value` column, per dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(column).table_valued("value")
    return func.json_each(column).table_valued("value")


def beijing_day(session: Session, column: ColumnElement | InstrumentedAttribute) -> ColumnElement:
    """The Beijing date of a UTC timestamp column, computed in the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", column))
    return func.date(column, f"+{BEIJING_OFFSET_HOURS} hours")


def _pairs(rows: Iterable[Any]) -> list[tuple[Any, int]]:
    """The (value, count) rows of a GROUP BY."""
    return [(value, int(count)) for value, count in rows]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _visits(station_code: str, period: Period) -> Select:
    """Service records of the station in the period (to be given columns)."""
    return select().where(
        ServiceRecord.origin == station_code,
        ServiceRecord.visited_on.between(period.first, period.last),
    )


def count_registrations(session: Session, station_code: str, period: Period) -> int:
    start, end = period.utc_bounds()
    return (
        session.scalar(
            select(func.count())
            .select_from(Seeker)
            .where(
                Seeker.origin == station_code, Seeker.created_at >= start, Seeker.created_at < end
            )
        )
        or 0
    )


def registrations_per_day(session: Session, station_code: str, period: Period) -> dict[date, int]:
    start, end = period.utc_bounds()
    day = beijing_day(session, Seeker.created_at)
    rows = session.execute(
        select(day, func.count())
        .where(Seeker.origin == station_code, Seeker.created_at >= start, Seeker.created_at < end)
        .group_by(day)
    )
    return {_as_date(value): count for value, count in _pairs(rows)}


def visits_per_day(session: Session, station_code: str, period: Period) -> dict[date, int]:
    rows = session.execute(
        _visits(station_code, period)
        .add_columns(ServiceRecord.visited_on, func.count())
        .group_by(ServiceRecord.visited_on)
    )
    return {_as_date(value): count for value, count in _pairs(rows)}


@dataclass(frozen=True)
class VisitTotals:
    visits: int
    jobs_recommended: int
    visits_with_jobs: int


def visit_totals(session: Session, station_code: str, period: Period) -> VisitTotals:
    jobs = func.json_array_length(ServiceRecord.recommended_job_ids)
    row = session.execute(
        _visits(station_code, period).add_columns(
            func.count(), func.coalesce(func.sum(jobs), 0), func.count().filter(jobs > 0)
        )
    ).one()
    visits, recommended, with_jobs = cast(tuple[Any, Any, Any], row)
    return VisitTotals(int(visits), int(recommended), int(with_jobs))


def visits_by_outcome(session: Session, station_code: str, period: Period) -> dict[str, int]:
    """Visits that ended with each outcome (a visit may have several)."""
    outcome = json_elements(session, ServiceRecord.outcomes)
    rows = session.execute(
        _visits(station_code, period)
        .add_columns(outcome.c.value, func.count(distinct(ServiceRecord.id)))
        .select_from(ServiceRecord)
        .join(outcome, true())
        .group_by(outcome.c.value)
    )
    return {str(value): count for value, count in _pairs(rows)}


def open_follow_ups(session: Session, station_code: str, period: Period) -> int:
    outcome = json_elements(session, ServiceRecord.outcomes)
    return (
        session.scalar(
            _visits(station_code, period)
            .add_columns(func.count(distinct(ServiceRecord.id)))
            .select_from(ServiceRecord)
            .join(outcome, true())
            .where(outcome.c.value == VisitOutcome.follow_up.value)
            .where(ServiceRecord.follow_up_done_at.is_(None))
        )
        or 0
    )


def visits_by_key_group(session: Session, station_code: str, period: Period) -> dict[KeyGroup, int]:
    group = json_elements(session, Seeker.key_groups)
    rows = session.execute(
        _visits(station_code, period)
        .add_columns(group.c.value, func.count(distinct(ServiceRecord.id)))
        .select_from(ServiceRecord)
        .join(Seeker, Seeker.id == ServiceRecord.seeker_id)
        .join(group, true())
        .group_by(group.c.value)
    )
    counts = {str(value): count for value, count in _pairs(rows)}
    return {member: counts.get(member.value, 0) for member in KeyGroup}


def visits_by_difficulty(
    session: Session, station_code: str, period: Period
) -> dict[Difficulty, int]:
    rows = session.execute(
        _visits(station_code, period)
        .add_columns(Seeker.difficulty, func.count())
        .select_from(ServiceRecord)
        .join(Seeker, Seeker.id == ServiceRecord.seeker_id)
        .where(Seeker.difficulty.is_not(None))
        .group_by(Seeker.difficulty)
    )
    counts = {value: count for value, count in _pairs(rows)}
    return {member: counts.get(member, 0) for member in Difficulty}


def _services(session: Session, station_code: str, counted: set[uuid.UUID]) -> Sequence:
    """The station's service list in its order: active items, and retired ones with counts."""
    return session.execute(
        select(ServiceItem.id, ServiceItem.code, ServiceItem.name_zh, ServiceItem.name_mn)
        .where(ServiceItem.station_code == station_code)
        .where(ServiceItem.active | ServiceItem.id.in_(counted))
        .order_by(ServiceItem.sort, ServiceItem.code)
    ).all()


def appointments_by_service(
    session: Session, station_code: str, period: Period
) -> list[AppointmentCounts]:
    start, end = period.utc_bounds()
    status = Appointment.status
    rows = session.execute(
        select(
            Appointment.service_id,
            func.count(),
            func.count().filter(status.in_(_APPOINTMENT_SERVED)),
            func.count().filter(status == AppointmentStatus.no_show),
            func.count().filter(status == AppointmentStatus.cancelled),
        )
        .join(Slot, Slot.id == Appointment.slot_id)
        .join(ServiceItem, ServiceItem.id == Appointment.service_id)
        .where(ServiceItem.station_code == station_code)
        .where(Slot.starts_at >= start, Slot.starts_at < end)
        .group_by(Appointment.service_id)
    )
    counts = {service_id: tuple(numbers) for service_id, *numbers in rows}
    return [
        AppointmentCounts(code, name_zh, name_mn, *counts.get(service_id, ()))
        for service_id, code, name_zh, name_mn in _services(session, station_code, set(counts))
    ]


def tickets_by_service(session: Session, station_code: str, period: Period) -> list[TicketCounts]:
    status = Ticket.status
    rows = session.execute(
        select(
            Ticket.service_id,
            func.count(),
            func.count().filter(status.in_(_TICKET_SERVED)),
            func.count().filter(status == TicketStatus.no_show),
        )
        .join(ServiceItem, ServiceItem.id == Ticket.service_id)
        .where(ServiceItem.station_code == station_code)
        .where(Ticket.day.between(period.first, period.last))
        .group_by(Ticket.service_id)
    )
    counts = {service_id: tuple(numbers) for service_id, *numbers in rows}
    return [
        TicketCounts(code, name_zh, name_mn, *counts.get(service_id, ()))
        for service_id, code, name_zh, name_mn in _services(session, station_code, set(counts))
    ]


def station_figures(session: Session, station_code: str, period: Period) -> Figures:
    totals = visit_totals(session, station_code, period)
    outcomes = visits_by_outcome(session, station_code, period)
    visits = visits_per_day(session, station_code, period)
    registrations = registrations_per_day(session, station_code, period)
    gigs = gig_figures(session, station_code, period.first, period.last)
    return Figures(
        station_code=station_code,
        period=period,
        registrations=count_registrations(session, station_code, period),
        visits=totals.visits,
        key_groups=visits_by_key_group(session, station_code, period),
        difficulties=visits_by_difficulty(session, station_code, period),
        jobs_recommended=totals.jobs_recommended,
        visits_with_jobs=totals.visits_with_jobs,
        training_referrals=outcomes.get(VisitOutcome.training_referral.value, 0),
        hires=outcomes.get(VisitOutcome.hired.value, 0),
        follow_ups_open=open_follow_ups(session, station_code, period),
        gigs_completed=gigs.completed,
        gigs_paid_share=gigs.paid_share,
        gig_referrals_open=gigs.referrals_open,
        appointments=appointments_by_service(session, station_code, period),
        tickets=tickets_by_service(session, station_code, period),
        days=[DayCounts(day, visits.get(day, 0), registrations.get(day, 0)) for day in period.days],
    )
