"""The station's event pages: what is on near me and signing up (kiosk and phone), and the
fair's console (scanning at a gate or a booth, an employer's check-in, hiring intentions,
a device's upload of the scans it kept while it had no link)."""

import uuid

from flask import Blueprint, Response, abort, flash, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from kiosk.domain.forms import Refused
from kiosk.domain.stations import this_station, this_station_code
from kiosk.events import labels
from kiosk.events.service import (
    EventProblem,
    ScanIn,
    booth_code,
    booths_of,
    check_in,
    event_by_code,
    events_on,
    outcome,
    read_booth_code,
    record_intention,
    record_scans,
    reviewed_jobs,
    sign_up,
)
from kiosk.extensions import db
from kiosk.models import Booth, Employer, Event, SignupChannel, local_today, utcnow
from kiosk.qr import public_url, qr_svg
from kiosk.web.device import QR_MARK, is_phone
from kiosk.web.render import page
from kiosk.web.staff import staff_blueprint

bp = Blueprint("events", __name__, url_prefix="/events")
fair_bp = staff_blueprint("fair", __name__, "/staff/fair")

#: Scans one upload may carry (a device's whole day at a big fair fits in a few).
MAX_UPLOAD = 5000
#: The events a phone signed up for (their codes, no person's): its list marks them, so a
#: cancelled or moved one is seen. A kiosk is shared and remembers none.
SIGNED_UP = "events_signed_up"


def _event(code: str) -> Event:
    return event_by_code(db.session, code) or abort(404)


def _qr(endpoint: str, **values: str) -> str:
    """A QR code of a page here, marked as opened on a phone (kept as the person's own)."""
    return qr_svg(public_url(url_for(endpoint, **values, **{"from": QR_MARK})))  # type: ignore[arg-type]  # "from" is a word of ours, not url_for's


def _employers(booths: list[Booth]) -> dict[uuid.UUID, Employer]:
    ids = {booth.employer_id for booth in booths}
    found = db.session.scalars(db.select(Employer).where(Employer.id.in_(ids))).all() if ids else []
    return {employer.id: employer for employer in found}


@bp.get("/")
def index() -> Response:
    here = this_station(db.session)
    events = events_on(db.session, utcnow(), here.region_code if here else "", cancelled=True)
    qrs = {event.id: _qr(".event", code=event.code) for event in events}
    mine = set(session.get(SIGNED_UP, [])) if is_phone() else set()
    return page("events/index.html", events=events, here=here, qrs=qrs, mine=mine)


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
        qr=_qr(".event", code=found.code), over=found.ends_at <= utcnow(),
        mine=is_phone() and found.code in session.get(SIGNED_UP, []),
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
    if channel is SignupChannel.qr:
        before = [c for c in session.get(SIGNED_UP, []) if c != found.code]
        session[SIGNED_UP] = [*before, found.code][-20:]
    # The code is no personal data: a random pseudonym the person shows at the gate.
    return page("events/ticket.html", event=found, code=made.code, qr=qr_svg(made.code))


# -- an employer's own check-in, from the QR card at its booth ---------------------------------


def _check_in_page(found: Event, raw: str = "", status: int = 200, **shown) -> Response:
    return page("events/check_in.html", status=status, event=found, booth_code=raw, **shown)


@bp.get("/<code>/check-in", defaults={"raw": ""})
@bp.get("/<code>/check-in/<raw>")
def check_in_form(code: str, raw: str) -> Response:
    """What the booth's QR opens on the employer's phone: its booth, and a button."""
    found = _event(code)
    if not raw:
        return _check_in_page(found)
    try:
        booth = read_booth_code(db.session, found, raw)
    except Refused as refused:
        return _check_in_page(found, raw, 422, problem=labels.refusal_message(refused))
    employer = _employers([booth]).get(booth.employer_id)
    return _check_in_page(found, raw, booth=booth, employer=employer)


@bp.post("/<code>/check-in")
def take_check_in(code: str) -> Response:
    found = _event(code)
    raw = request.form.get("booth_code", "")
    try:
        booth = read_booth_code(db.session, found, raw)
        _scan, new = check_in(db.session, found, booth, this_station_code(), utcnow())
    except Refused as refused:
        db.session.rollback()
        return _check_in_page(found, raw, 422, problem=labels.refusal_message(refused))
    db.session.commit()
    return _check_in_page(
        found, raw, booth=booth, employer=_employers([booth]).get(booth.employer_id),
        done=_("Checked in: your booth counts as attended.") if new
        else _("Your booth was checked in already."),
    )  # fmt: skip


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


@fair_bp.get("/<code>/booths")
def booth_cards(code: str) -> Response:
    """A card for each booth, to print and set on it: its QR opens the employer's check-in."""
    found = _event(code)
    booths = booths_of(db.session, found)
    codes = {booth.id: booth_code(found, booth) for booth in booths}
    qrs = {id_: _qr("events.check_in_form", code=found.code, raw=raw) for id_, raw in codes.items()}
    return page("events/booth_cards.html", event=found, booths=booths,
                employers=_employers(booths), qrs=qrs, codes=codes)  # fmt: skip


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
