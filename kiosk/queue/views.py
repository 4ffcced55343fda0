"""Walk-ins: tap a service, get a numbered ticket."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from kiosk.domain.stations import service_by_code, station_services, this_station
from kiosk.extensions import db, limiter
from kiosk.models import SlipKind, Ticket, utcnow
from kiosk.queue.numbers import issue_ticket
from kiosk.queue.wait import estimate, opening
from kiosk.slips.handout import hand_out, print_limit, recall, remember, slip_view

bp = Blueprint("queue", __name__, url_prefix="/queue")

#: The ticket just taken (its id, and its slip's).
TAKEN = "ticket"


@bp.get("/")
def services() -> str:
    station_code = current_app.config["STATION_CODE"]
    station = this_station(db.session)
    return render_template(
        "queue/services.html",
        services=station_services(db.session, station_code),
        station=station,
        hours=opening(station, utcnow()),
    )


@bp.post("/")
@limiter.limit(print_limit)
def take_ticket() -> ResponseReturnValue:
    service = service_by_code(
        db.session, current_app.config["STATION_CODE"], request.form.get("service", "")[:32]
    )
    if service is None:
        abort(404)
    ticket = issue_ticket(db.session, service, origin=current_app.config["STATION_CODE"])
    # The ticket commits with its slip (hand_out): a number is never taken without a code.
    remember(TAKEN, ticket.id, hand_out(SlipKind.ticket, ticket.id))
    return redirect(url_for(".ticket"), code=303)


@bp.get("/ticket")
def ticket() -> ResponseReturnValue:
    taken = recall(TAKEN, Ticket)
    if taken is None:
        return redirect(url_for(".services"))
    ticket, slip = taken
    station = this_station(db.session)
    wait = estimate(db.session, ticket, station, utcnow())
    return render_template(
        "queue/ticket.html", ticket=ticket, wait=wait, station=station, **slip_view(slip)
    )
