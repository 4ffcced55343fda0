"""The desk (station): check people in by their slip, call the next person, record how each
visit ended; and the waiting room's screen."""

import uuid
from collections.abc import Callable

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiosk.desk import labels
from kiosk.desk.queue import (
    Action,
    Kind,
    Outcome,
    QueueEntry,
    call,
    call_next,
    check_in,
    entry_for,
    finish,
    todays_calls,
    todays_queue,
)
from kiosk.domain.forms import Refused
from kiosk.extensions import db
from kiosk.i18n import CHINESE, MONGOLIAN, format_clock, format_date
from kiosk.models import Slip, local_today, utcnow
from kiosk.qr import unreachable_base
from kiosk.slips.service import print_slip
from kiosk.web.render import page
from kiosk.web.staff import StaffLink, add_staff_links, audit, staff_blueprint

bp = staff_blueprint("desk", __name__, "/staff")

#: The counter this desk calls people to (kept in the staff member's session).
COUNTER = "counter"


def _counter() -> str:
    counters = current_app.config["COUNTERS"]
    chosen = session.get(COUNTER)
    return str(chosen) if chosen in counters else counters[0]


def action_url(entry: QueueEntry, action: Action) -> str:
    """Where a queue entry's button posts, or its link leads."""
    kind = entry.kind.value
    match action:
        case Action.record_visit:
            return url_for("records.new_visit", kind=kind, entry=entry.id)
        case Action.reprint:
            return url_for(".reprint", kind=kind, record_id=entry.id)
        case _:
            return url_for(".act", kind=kind, record_id=entry.id, action=action.value)


def _render_queue(message: str = "", problem: str = "", status: int = 200):
    entries = todays_queue(db.session, local_today())
    context = {
        "entries": entries,
        "counter": _counter(),
        "counters": current_app.config["COUNTERS"],
        "message": message,
        "problem": problem,
        "action_url": action_url,
    }
    return page(
        "desk/queue.html", "desk/_queue_list.html", target="queue-list", status=status, **context
    )


@bp.get("/queue")
def queue():
    return _render_queue()


@bp.post("/queue/counter")
def choose_counter() -> ResponseReturnValue:
    if request.form.get("counter") in current_app.config["COUNTERS"]:
        session[COUNTER] = request.form["counter"]
    return redirect(url_for(".queue"), code=303)


@bp.post("/queue/check-in")
def scan():
    """What the barcode scanner typed (the slip's QR address) or a code typed by hand."""
    try:
        kind, record = check_in(db.session, request.form.get("scan", ""), local_today())
    except Refused as refused:
        db.session.rollback()
        return _render_queue(problem=labels.CHECK_IN_PROBLEMS[refused.problem], status=422)
    audit(db.session, "check_in", kind.value, record.id, record.queue_label)
    db.session.commit()
    return _render_queue(message=labels.checked_in(record.queue_label))


@bp.post("/queue/next")
def next_person():
    entry = call_next(db.session, _counter(), local_today())
    if entry is None:
        db.session.rollback()
        return _render_queue(problem=labels.NOBODY_WAITING)
    audit(
        db.session, "call", entry.kind.value, entry.id, f"{entry.record.queue_label} → {_counter()}"
    )
    db.session.commit()
    return _render_queue(message=labels.called(entry.record.queue_label, _counter()))


def _entry_or_404(kind: str, record_id: str):
    try:
        entry = entry_for(db.session, Kind(kind), uuid.UUID(record_id))
    except ValueError:
        entry = None
    if entry is None:
        abort(404)
    return entry


@bp.post("/queue/<kind>/<record_id>/<action>")
def act(kind: str, record_id: str, action: str):
    """Call this person, or record how the visit ended: served, no-show, referred."""
    entry = _entry_or_404(kind, record_id)
    label = entry.record.queue_label
    if action == "call":
        done = call(db.session, entry, _counter())
        message = labels.called(label, _counter())
    elif action in Outcome.__members__:
        done = finish(db.session, entry, Outcome(action))
        message = labels.finished(label, Outcome(action))
    else:
        abort(404)
    if not done:
        db.session.rollback()
        return _render_queue(problem=labels.STATE_CHANGED, status=409)
    audit(db.session, action, entry.kind.value, entry.id, label)
    db.session.commit()
    return _render_queue(message=message)


@bp.post("/queue/<kind>/<record_id>/reprint")
def reprint(kind: str, record_id: str):
    """Print the person's latest slip again, at the desk's printer."""
    entry = _entry_or_404(kind, record_id)
    slip = db.session.scalars(
        select(Slip).where(Slip.subject_id == entry.id).order_by(Slip.created_at.desc())
    ).first()
    if slip is None:
        abort(404)
    printed = print_slip(db.session, slip)
    audit(db.session, "reprint", entry.kind.value, entry.id, entry.record.queue_label)
    db.session.commit()
    if printed:
        return _render_queue(message=labels.reprinted(entry.record.queue_label))
    return _render_queue(problem=labels.print_failed(slip.print_error), status=502)


lobby_bp = Blueprint("lobby", __name__)


@lobby_bp.get("/lobby")
def lobby() -> Response:
    """The waiting room's TV: the number called to each counter, the calls before, the clock;
    it updates by itself (and chimes on a new call: static/js/lobby.js)."""
    calls = todays_calls(db.session, local_today())
    both = (CHINESE, MONGOLIAN)
    rows = [
        {
            "number": call.label,
            "counter": call.counter,
            "newest": call is calls.newest,
            # Both languages at once: the room holds readers of either script.
            "say": {locale: _in(locale, labels.go_to_counter, call.counter) for locale in both},
            "service": {CHINESE: call.service.name_zh, MONGOLIAN: call.service.name_mn},
        }
        for call in calls.current
    ]
    earlier = [
        {"number": call.label, "counter": call.counter, "at": format_clock(call.called_at)}
        for call in calls.earlier
    ]
    newest = calls.newest
    return page(
        "desk/lobby.html",
        "desk/_lobby_board.html",
        rows=rows,
        earlier=earlier,
        # What the chime listens for: it changes with every call, a call again included.
        latest=f"{newest.label}@{newest.called_at.isoformat()}" if newest else "",
        clock=format_clock(utcnow()),
        today={locale: _in(locale, lambda: format_date(local_today())) for locale in both},
        words={
            locale: {
                "waiting": _in(locale, labels.please_wait),
                "earlier": _in(locale, labels.earlier_calls),
            }
            for locale in both
        },
    )


def _in(locale: str, words: Callable[..., str], *values: str) -> str:
    with force_locale(locale):
        return words(*values)


def install(app: Flask) -> None:
    app.register_blueprint(bp)
    # The console's warning that the QR codes lead where no phone gets (templates/staff/base.html).
    app.add_template_global(unreachable_base, "qr_unreachable")
    app.register_blueprint(lobby_bp)
    add_staff_links(
        app,
        StaffLink("desk.queue", _l("Today's queue"), order=10),
        StaffLink("lobby.lobby", _l("Lobby screen"), order=100, new_tab=True),
    )
