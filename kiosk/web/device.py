"""Which kind of screen is asking: the station's own kiosk, or a seeker's phone.

Kiosk is the default (the station's browser opens the app directly); a page opened from a
scanned QR code marks the browser as a phone, which keeps its session and is never reset.
"""

from flask import Response, current_app, g, request

COOKIE = "device"
PHONE = "phone"
QR_MARK = "qr"


def is_phone() -> bool:
    if "is_phone" not in g:
        g.is_phone = request.cookies.get(COOKIE) == PHONE or _opened_from_qr()
    return g.is_phone


def _opened_from_qr() -> bool:
    # Look at the raw query first: parsing every kiosk request's arguments for this costs more
    # than answering a cached list.
    return b"from=" in request.query_string and request.args.get("from") == QR_MARK


def remember_phone(response: Response) -> None:
    if _opened_from_qr() and request.cookies.get(COOKIE) != PHONE:
        response.set_cookie(
            COOKIE, PHONE, max_age=365 * 86400, samesite="Lax", httponly=True,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        )  # fmt: skip
