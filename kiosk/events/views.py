"""The station's event pages: what is on near me and signing up (kiosk and phone), and the
fair's console (scanning at a gate or a booth, an employer's check-in, hiring intentions,
a device's upload of the scans it kept while it had no link)."""

import uuid

from flask import Blueprint, Response, abort, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.domain.forms import Refused
from kiosk.domain.stations import this_station, this_station_code
from kiosk.events import labels
from kiosk.events.service import (
    EventProblem,
    ScanIn,
    booths_of,
    event_by_code,
    events_on,
    outcome,
    record_intention,
    record_scans,
    reviewed_jobs,
    sign_up,
)
from kiosk.extensions import db
from kiosk.models import Booth, Employer, Event, SignupChannel, local_today, utcnow
from kiosk.qr import public_url, qr_svg
from kiosk.web.device import is_phone
from kiosk.web.render import page
from kiosk.web.staff import staff_blueprint

bp = Blueprint("events", __name__, url_prefix="/events")
fair_bp = staff_blueprint("fair", __name__, "/staff/fair")

#: Scans one upload may carry (a device's whole day at a big fair fits in a few).
MAX_UPLOAD = 5000


def _event(code: str) -> Event:
    return event_by_code(db.session, code) or abort(404)


def _employers(booths: list[Booth]) -> dict[uuid.UUID, Employer]:
    ids = {booth.employer_id for booth in booths}
    found = db.session.scalars(db.select(Employer).where(Employer.id.in_(ids))).all() if ids else []
    return {employer.id: employer for employer in found}


@bp.get("/")
def index() -> Response:
    here = this_station(db.session)
    events = events_on(db.session, utcnow(), here.region_code if here else "")
    qrs = {event.id: qr_svg(public_url(url_for(".event", code=event.code))) for event in events}
    return page("events/index.html", events=events, here=here, qrs=qrs)


@bp.get("/<code>")
def event(code: str) -> Response:
    found = _event(code)
    booths = booths_of(db.session, found)
    jobs = reviewed_jobs(
        db.session,
        [*found.featured_job_ids, *(job_id for booth in booths for job_id in booth.job_ids)],
        local_today(),
    )
    return page(
        "events/event.html", event=found, booths=booths, employers=_employers(booths), jobs=jobs,
        qr=qr_svg(public_url(url_for(".event", code=found.code))), over=found.ends_at <= utcnow(),
    )  # fmt: skip


@bp.post("/<code>/sign-up")
def signup(code: str) -> ResponseReturnValue:
    found = _event(code)
    channel = SignupChannel.qr if is_phone() else SignupChannel.kiosk
    try:
        made = sign_up(db.session, found, channel, this_station_code(), utcnow())
    except Refused as refused:
        db.session.rollback()
        flash(labels.refusal_message(refused), "error")
        return redirect(url_for(".event", code=found.code))
    db.session.commit()
    # The code is no personal data: a random pseudonym the person shows at the gate.
    return page("events/ticket.html", event=found, code=made.code, qr=qr_svg(made.code))


# -- the fair's console -----------------------------------------------------------------------


@fair_bp.get("/", endpoint="index")
def console() -> Response:
    return page("events/console.html", events=events_on(db.session, utcnow()))


def _scan_page(found: Event, status: int = 200, answer: str = "") -> Response:
    booths = booths_of(db.session, found)
    return page(
        "events/scan.html", status=status, event=found, booths=booths,
        employers=_employers(booths), scan_id=uuid.uuid4(), answer=answer,
        kind=request.values.get("kind", "gate"), booth=request.values.get("booth_id", ""),
        device=request.values.get("device", ""), here=outcome(db.session, found, local_today()),
    )  # fmt: skip


@fair_bp.get("/<code>/scan")
def scan(code: str) -> Response:
    return _scan_page(_event(code))


@fair_bp.post("/<code>/scan")
def take_scan(code: str) -> Response:
    """One scan from the page: its id was drawn with the page, so sending it again (a
    double tap, a reload) is the same scan."""
    found = _event(code)
    try:
        one = ScanIn.read({**request.form, "scanned_at": utcnow().isoformat()})
    except ValueError:
        return _scan_page(found, 400, _("This scan could not be read. Please scan again."))
    answer = record_scans(db.session, found, [one], this_station_code())
    db.session.commit()
    if answer.refused:
        return _scan_page(found, 422, labels.problem_message(answer.refused[0][1]))
    if answer.already:
        return _scan_page(found, 200, _("This scan was counted already."))
    return _scan_page(found, 200, _("Counted."))


@fair_bp.post("/<code>/scans")
def upload_scans(code: str) -> ResponseReturnValue:
    """A device's scans, kept while it had no link: each once, on its own id."""
    found = _event(code)
    body = request.get_json(silent=True)
    raw = body.get("scans") if isinstance(body, dict) else None
    if not isinstance(raw, list) or len(raw) > MAX_UPLOAD:
        return jsonify(error=f"a list of at most {MAX_UPLOAD} scans"), 400
    try:
        scans = [ScanIn.read(item) for item in raw]
    except ValueError as error:
        return jsonify(error=str(error)), 400
    answer = record_scans(db.session, found, scans, this_station_code())
    db.session.commit()
    return jsonify(
        taken=answer.taken,
        already=answer.already,
        refused=[{"id": scan_id, "reason": problem.value} for scan_id, problem in answer.refused],
    )


@fair_bp.post("/<code>/intention")
def intention(code: str) -> Response:
    found = _event(code)
    booth = None
    if booth_id := request.form.get("booth_id", ""):
        try:
            booth = db.session.get(Booth, uuid.UUID(booth_id))
        except ValueError:
            booth = None
        if booth is None or booth.event_id != found.id:
            return _scan_page(found, 422, str(labels.PROBLEMS[EventProblem.not_this_booth]))
    try:
        _made, new = record_intention(
            db.session, found, request.form.get("code", ""), this_station_code(), utcnow(),
            booth=booth, job_id=request.form.get("job_id", ""),
        )  # fmt: skip
    except Refused as refused:
        db.session.rollback()
        return _scan_page(found, 422, labels.refusal_message(refused))
    db.session.commit()
    return _scan_page(
        found,
        200,
        _("Hiring intention recorded.") if new else _("This intention was recorded already."),
    )
