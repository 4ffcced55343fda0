"""Sync at a station's desk: when the hub last answered, what waits, and "sync now"; and the
kiosk bar's online/offline mark."""

from datetime import datetime

from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from kiosk.extensions import db
from kiosk.models import LocalState, utcnow
from kiosk.sync.station.background import round_running, start_round
from kiosk.sync.station.rounds import LAST_ERROR, LAST_SUCCESS, sync_state
from kiosk.web.render import page, wants_fragment
from kiosk.web.staff import staff_blueprint

bp = staff_blueprint("sync_station", __name__, "/staff/sync")


def link_state() -> str | None:
    """ "online" or "offline" after the last sync, for a station with a hub; read once per
    request, and only by a page that shows the mark."""
    if "link_state" not in g:
        g.link_state = _read_link_state(current_app)
    return g.link_state


def _read_link_state(app: Flask) -> str | None:
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
        return None
    last = values.get(LAST_SUCCESS)
    # A last success "in the future" is a clock that jumped back since: it proves nothing.
    age = (utcnow() - datetime.fromisoformat(last)).total_seconds() if last else -1
    fresh = 0 <= age <= app.config["SYNC_ONLINE_SECONDS"]
    return "online" if fresh and not values.get(LAST_ERROR) else "offline"


@bp.get("/")
def overview():
    return _station_page()


@bp.get("/state")
def state():
    """The state fragment the page polls while a round runs; `watch=1` (after "Sync now")
    shows the round's outcome once it has ended."""
    return _station_page(watching=request.args.get("watch") == "1")


def _station_page(*, watching: bool = False):
    return page(
        "sync/station.html",
        "sync/_state.html",
        state=sync_state(current_app, db.session),
        running=round_running(current_app),
        watching=watching,
    )


@bp.post("/now")
def sync_now():
    """Start a round outside this request (unless one runs already: then watch that one);
    the page shows it running and polls until it ends."""
    start_round(current_app)
    if wants_fragment():
        return _station_page(watching=True)
    flash(_("A sync round is running…"))
    return redirect(url_for(".overview"))
