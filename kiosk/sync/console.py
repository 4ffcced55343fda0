"""Sync as people see it: on a station, its state and a "sync now" button; on the hub, each
station's last contact, backlog and quarantine, and what each outlet did this month."""

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.extensions import db, htmx
from kiosk.models import (
    BEIJING,
    Appointment,
    LocalState,
    QuarantinedRecord,
    Seeker,
    ServiceRecord,
    StaffRole,
    Station,
    StationCredential,
    Ticket,
    local_today,
    utcnow,
)
from kiosk.staff.accounts import audit, role_required
from kiosk.sync import labels
from kiosk.sync.hub import retry_quarantined
from kiosk.sync.station import LAST_ERROR, LAST_SUCCESS, sync_round, sync_state

bp = Blueprint("sync_console", __name__, url_prefix="/staff/sync")


@bp.app_context_processor
def link_state() -> dict:
    """For a station with a hub: "online" or "offline", after its last sync."""
    config = current_app.config
    if config["ROLE"] != "station" or not config["HUB_URL"]:
        return {"link_state": None}
    try:
        values = dict(
            db.session.execute(
                select(LocalState.key, LocalState.value).where(
                    LocalState.key.in_((LAST_SUCCESS, LAST_ERROR))
                )
            ).all()
        )
    except SQLAlchemyError:  # an error page while the database is down still renders
        db.session.rollback()
        return {"link_state": None}
    last = values.get(LAST_SUCCESS)
    fresh = (
        last
        and (utcnow() - datetime.fromisoformat(last)).total_seconds()
        <= config["SYNC_ONLINE_SECONDS"]
    )
    return {"link_state": "online" if fresh and not values.get(LAST_ERROR) else "offline"}


@bp.context_processor
def sync_words() -> dict:
    return {"sync_problems": labels.PROBLEMS}


@bp.get("/")
@login_required
def overview() -> str:
    if current_app.config["ROLE"] == "hub":
        return render_template(
            "sync/hub.html",
            outlets=outlets(db.session),
            quarantined=db.session.scalars(
                select(QuarantinedRecord)
                .where(QuarantinedRecord.resolved_at.is_(None))
                .order_by(QuarantinedRecord.received_at.desc())
                .limit(50)
            ).all(),
        )
    return _station_page()


def _station_page(result=None) -> str:
    template = "sync/_state.html" if htmx else "sync/station.html"
    return render_template(template, state=sync_state(current_app, db.session), result=result)


@bp.post("/now")
@login_required
def sync_now():
    """One round, now; the page shows what it did (htmx swaps in the new state)."""
    if current_app.config["ROLE"] != "station":
        return redirect(url_for(".overview"))
    result = sync_round(current_app, db.session)
    if htmx:
        return _station_page(result)
    if result.errors:
        flash(_("The hub could not be reached; nothing is lost, the next try starts here."),
              "problem")  # fmt: skip
    else:
        flash(_("Synced with the hub."))
    return redirect(url_for(".overview"))


@bp.post("/set-aside/<uuid:record_id>/retry")
@role_required(StaffRole.manager)
def retry_set_aside(record_id: uuid.UUID):
    """The hub's administrator tries a set-aside record again once its cause is fixed."""
    if current_app.config["ROLE"] != "hub":
        abort(404)
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
