"""The kiosk forgets a person after the idle time; a seeker's own phone never does."""

from time import time

from flask import Flask, current_app, session

from kiosk.web import device

#: How often the kiosk's "last seen" time is rewritten: every request would re-sign the cookie.
SEEN_EVERY_SECONDS = 10


def is_staff_session() -> bool:
    return "_user_id" in session


def idle_limit() -> int:
    """A signed-in counselor at the desk gets longer than a passer-by at the kiosk."""
    key = "STAFF_IDLE_TIMEOUT_SECONDS" if is_staff_session() else "IDLE_TIMEOUT_SECONDS"
    return current_app.config[key]


def init_app(app: Flask) -> None:
    """On the kiosk, a session untouched for the idle time is forgotten before anything else.

    The page's own timer (static/js/kiosk.js) does this on the screen; this is the server's
    guarantee, for a browser without JavaScript or a timer that never fired. Only a session
    that holds something is tracked, so a bare request costs no cookie.
    """

    @app.before_request
    def forget_idle_person() -> None:
        # A phone keeps its session, but a staff session signs out whatever a cookie says
        # (`device=phone` is the browser's own claim).
        if not session or (device.is_phone() and not is_staff_session()):
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
        return {"kiosk_mode": not device.is_phone(), "idle_seconds": idle_limit()}
