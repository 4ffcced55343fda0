"""The kiosk forgets a person after the idle time; a seeker's own phone never does."""

from time import time

from flask import Flask, session

from kiosk.web import device

#: How often the kiosk's "last seen" time is rewritten: every request would re-sign the cookie.
SEEN_EVERY_SECONDS = 10


def init_app(app: Flask) -> None:
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
        return {"kiosk_mode": not device.is_phone(), "idle_seconds": idle_limit()}
