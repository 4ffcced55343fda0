from datetime import UTC
from time import time
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from kiosk.extensions import db
from kiosk.home import bp, device
from kiosk.jobs.queries import categories
from kiosk.models import Job, JobStatus, Slip, local_today
from kiosk.slips.service import printer_choice
from kiosk.sync.station import sync_state


@bp.get("/")
def index():
    return render_template("home/index.html", categories=categories())


@bp.get("/lang/<locale>")
def choose_language(locale: str):
    if locale not in current_app.config["LOCALES"]:
        abort(404)
    session["locale"] = locale
    return redirect(_back_target())


def _back_target() -> str:
    """Where to return after a language switch: `next`, else the page the switch was tapped
    on (the Referer, which follows htmx's pushed addresses), if it is a path of ours."""
    for candidate in (request.args.get("next"), _same_site_referrer()):
        if candidate and is_local_path(candidate):
            return candidate
    return url_for("home.index")


def _same_site_referrer() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def is_local_path(target: str) -> bool:
    """A path on this site only: no scheme, no host, no control characters or backslashes
    (browsers read a backslash, or a tab between slashes, as the start of another host)."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not parts.scheme
        and not parts.netloc
        and len(target) <= MAX_BACK_TARGET
        and target.isprintable()
        and not target.startswith("//")
        and "\\" not in target
    )


@bp.get("/reset")
def reset():
    """Where the idle timer sends the kiosk: forget the person, start again at home."""
    session.clear()
    return redirect(url_for("home.index"))


@bp.get("/healthz")
def healthz():
    try:
        # Jobs a seeker can find: open and before their "open until" date.
        jobs = db.session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.status == JobStatus.open, Job.expires_on >= local_today())
        )
        db.session.execute(text("SELECT 1"))
        database = True
        printer = _printer_health()
        sync = _sync_health()
    except SQLAlchemyError:
        db.session.rollback()
        jobs, database, printer = None, False, {"configured": None, "last_slip": None}
        sync = {"configured": None}
    body = {
        "ok": database,
        "role": current_app.config["ROLE"],
        "database": database,
        "jobs": jobs,
        "printer": printer,
        "sync": sync,
    }
    return jsonify(body), 200 if database else 503


def _sync_health() -> dict:
    """A station's last successful sync and its backlog; no error text (anyone may ask)."""
    if current_app.config["ROLE"] != "station":
        return {"configured": False}
    state = sync_state(current_app, db.session)
    if not state.configured:
        return {"configured": False}
    return {
        "configured": True,
        "ok": not state.last_error,
        "last_success": state.last_success.isoformat() if state.last_success else None,
        "waiting": state.waiting,
    }


def _printer_health() -> dict:
    """Whether a printer is set, and how the last slip went: read from the records, nothing
    is sent to the printer. No address or error text: /healthz answers anyone on the LAN."""
    configured = bool(printer_choice(db.session).address)
    last = db.session.execute(
        select(Slip.print_status, Slip.printed_at, Slip.created_at)
        .order_by(Slip.created_at.desc())
        .limit(1)
    ).first()
    last_slip = None
    if last:
        status, printed_at, created_at = last
        at = printed_at or created_at
        # SQLite hands back naive datetimes; they were written in UTC.
        at = at.replace(tzinfo=at.tzinfo or UTC)
        last_slip = {"status": str(status), "at": at.isoformat()}
    return {"configured": configured, "last_slip": last_slip}


#: Longer "next" addresses are not worth keeping (a pasted 10,000-character search, say).
MAX_BACK_TARGET = 512

#: How often the kiosk's "last seen" time is rewritten: every request would re-sign the cookie.
SEEN_EVERY_SECONDS = 10


def register_idle_reset(app: Flask) -> None:
    """On the kiosk, a session untouched for the idle time is forgotten before anything else.

    The page's own timer (static/js/kiosk.js) does this on the screen; this is the server's
    guarantee, for a browser without JavaScript or a timer that never fired. Only a session
    that holds something is tracked, so a bare request costs no cookie.
    """

    def idle_limit() -> int:
        # A signed-in counselor at the desk gets longer than a passer-by at the kiosk.
        staff = "_user_id" in session
        return app.config["STAFF_IDLE_TIMEOUT_SECONDS" if staff else "IDLE_TIMEOUT_SECONDS"]

    @app.before_request
    def forget_idle_person() -> None:
        if not session or device.is_phone():
            return
        now = int(time())
        seen = session.get("seen", 0)
        if now - seen > idle_limit():
            session.clear()
        elif now - seen >= SEEN_EVERY_SECONDS:
            session["seen"] = now

    @app.after_request
    def stamp_and_mark(response):
        if session.modified and session and "seen" not in session:
            session["seen"] = int(time())
        device.remember_phone(response)
        return response

    @app.context_processor
    def kiosk_context() -> dict:
        return {
            "kiosk_mode": not device.is_phone(),
            "idle_seconds": idle_limit(),
        }


def register_error_pages(app: Flask) -> None:
    """Every error is a page in the person's language, with a way home; never a stack trace."""

    messages = {
        400: lambda: _("That request could not be understood."),
        404: lambda: _("We could not find that page."),
        413: lambda: _("That was too much to send at once."),
        429: lambda: _("Too many tries in a short time. Please wait a minute and try again."),
        500: lambda: _("Something went wrong on our side. Please try again."),
    }

    @app.errorhandler(CSRFError)
    def form_expired(error: CSRFError):
        # A form left open past its token, or sent from elsewhere: nothing was saved.
        message = _("This form has expired, so nothing was saved. Please fill it in again.")
        return render_template("errors/page.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = messages.get(code, messages[400 if code < 500 else 500])()
        return render_template("errors/page.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        return render_template("errors/page.html", code=500, message=messages[500]()), 500
