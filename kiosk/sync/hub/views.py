"""The hub's Stations page: each station's last contact, backlog and set-aside records, and
what each outlet did this month; a manager tries a set-aside record again."""

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.extensions import db
from kiosk.models import (
    BEIJING,
    Appointment,
    QuarantinedRecord,
    Seeker,
    ServiceRecord,
    StaffRole,
    Station,
    StationCredential,
    Ticket,
    local_today,
)
from kiosk.sync.hub.batches import retry_quarantined
from kiosk.sync.hub.reports import flags_of, fleet_baseline, reports_by_station
from kiosk.web.staff import audit, role_required, staff_blueprint

bp = staff_blueprint("sync_hub", __name__, "/staff/sync")


@bp.get("/")
def overview() -> str:
    fleet = fleet_baseline(db.session)
    reports = reports_by_station(db.session)
    listed = outlets(db.session)
    return render_template(
        "sync/hub.html",
        outlets=listed,
        fleet=fleet,
        reports=[
            (outlet, reports.get(outlet.code), flags_of(reports.get(outlet.code), fleet))
            for outlet in listed
        ],
        quarantined=db.session.scalars(
            select(QuarantinedRecord)
            .where(QuarantinedRecord.resolved_at.is_(None))
            .order_by(QuarantinedRecord.received_at.desc())
            .limit(50)
        ).all(),
    )


@bp.post("/set-aside/<uuid:record_id>/retry")
@role_required(StaffRole.manager)
def retry_set_aside(record_id: uuid.UUID):
    """The hub's administrator tries a set-aside record again once its cause is fixed."""
    record = db.get_or_404(QuarantinedRecord, record_id)
    if record.resolved_at is None and retry_quarantined(db.session, record):
        audit(db.session, "sync_retry", "quarantine", str(record.id), record.station_code)
        flash(_("The record went in."))
    else:
        flash(_("The record still cannot be taken: %(reason)s", reason=record.reason), "problem")
    db.session.commit()
    return redirect(url_for(".overview"))


@dataclass(frozen=True)
class Outlet:
    """One station as the hub sees it, with what it did this month."""

    code: str
    name: Station | None
    active: bool
    last_contact: datetime | None
    backlog: int
    quarantined: int
    seekers: int
    appointments: int
    tickets: int
    visits: int


def outlets(session: Session) -> list[Outlet]:
    month_start = local_today().replace(day=1)
    since = datetime.combine(month_start, time(), BEIJING)

    def per_origin(model, when) -> dict[str, int]:
        rows = session.execute(
            select(model.origin, func.count()).where(when).group_by(model.origin)
        ).all()
        return dict(rows)

    seekers = per_origin(Seeker, Seeker.created_at >= since)
    appointments = per_origin(Appointment, Appointment.created_at >= since)
    tickets = per_origin(Ticket, Ticket.day >= month_start)
    visits = per_origin(ServiceRecord, ServiceRecord.visited_on >= month_start)
    quarantined = dict(
        session.execute(
            select(QuarantinedRecord.station_code, func.count())
            .where(QuarantinedRecord.resolved_at.is_(None))
            .group_by(QuarantinedRecord.station_code)
        ).all()
    )
    stations = {s.code: s for s in session.scalars(select(Station))}
    return [
        Outlet(
            code=c.station_code,
            name=stations.get(c.station_code),
            active=c.revoked_at is None,
            last_contact=c.last_contact_at,
            backlog=c.backlog,
            quarantined=quarantined.get(c.station_code, 0),
            seekers=seekers.get(c.station_code, 0),
            appointments=appointments.get(c.station_code, 0),
            tickets=tickets.get(c.station_code, 0),
            visits=visits.get(c.station_code, 0),
        )
        for c in session.scalars(select(StationCredential).order_by(StationCredential.station_code))
    ]
